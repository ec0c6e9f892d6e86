export { createEntraSimulator } from './simulator.js';
export { entraErrorBody, entraTimestamp } from './error-body.js';

export type { EntraSimulator, AccessTokenOptions, AuthorizationCodeOptions, SerializableTokenCache } from './simulator-api.js';
export type { EntraSimulatorOptions, SimulatedApp } from './options.js';
export type { AuthorizeFailure, RawTokenAnswer, RefreshFailure, ThrottleOptions, TokenFailure } from './script.js';
export type { EndpointName, NetworkRequestOptions, NetworkResponse, RequestVia, SimulatedUser, SimulatorNetworkClient, SimulatorRequest } from './types.js';
export type { EntraErrorBody, ErrorBodyOptions } from './error-body.js';
export type { MessageSlots } from './entra-messages.js';
// The router, store and page helpers are internal: the simulator is used through its HTTP surface.
