export declare function runSimulateCommand(argv: string[]): Promise<number>;
