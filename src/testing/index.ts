export { createEntraSimulator } from './simulator.js';
export { entraErrorBody, entraTimestamp } from './error-body.js';

export type { EntraSimulator, AccessTokenOptions, AuthorizationCodeOptions, SerializableTokenCache } from './simulator-api.js';
export type { EntraSimulatorOptions, SimulatedApp } from './options.js';
export type { AuthorizeFailure, RawTokenAnswer, RefreshFailure, ThrottleOptions, TokenFailure } from './script.js';
export type { EndpointName, NetworkRequestOptions, NetworkResponse, RequestVia, SimulatedUser, SimulatorNetworkClient, SimulatorRequest } from './types.js';
export type { EntraErrorBody, ErrorBodyOptions } from './error-body.js';
export type { MessageSlots } from './entra-messages.js';
// The router, store and page helpers are internal: the simulator is used through its HTTP surface.

// A simulator other processes use: served on a loopback port, reached and scripted over HTTP.
export { serveEntraSimulator } from './serve.js';
export { simulatorNetworkClient, simulatorAdmin } from './remote.js';
export type { ServeEntraSimulatorOptions, ServedEntraSimulator } from './serve.js';
export type { SimulatorAdmin, SimulatorNetworkClientOptions } from './remote.js';
export type { DownRequest, FailRequest, OutageMode, SimulatorInfo, SimulatorRequests, SimulatorStats } from './admin-api.js';
