export { createTarget, dispatch, inProcessTransport, TargetError, type Handlers, type Target, type Transport } from "./target.ts";
export { createLocalTarget, localHandlers } from "./local.ts";
