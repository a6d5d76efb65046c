export declare function runMutantsCommand(argv: string[]): Promise<number>;
