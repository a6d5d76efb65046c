import http from 'node:http';
import type { ReplicaNode } from './replica_node.js';
export interface HttpHandle {
    server: http.Server;
    close(): Promise<void>;
}
export declare const TXS_PER_REQUEST_MAX = 20000;
export declare const BLOCKS_PER_REQUEST_MAX = 100;
export declare function startHttp(node: ReplicaNode, host: string, port: number, bodyBytesMax: number): Promise<HttpHandle>;
