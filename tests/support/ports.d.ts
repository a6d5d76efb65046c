export function portIsFree(port: number): Promise<boolean>
export function describeHolder(port: number): Promise<string>
export function findFreePorts(preferred: number, offsets: number[], label: string): Promise<number>
export function clusterPortOffsets(replicas?: number): number[]
export function checkOwnReplica(url: string, chainId: string): Promise<string>
