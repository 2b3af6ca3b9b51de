export { createTarget, TargetError, type Target, type Transport } from "./target.ts";
export { dispatchCall, dispatchStream, inProcessTransport, type Handlers } from "./dispatch.ts";
export { createLocalTarget, localHandlers } from "./local.ts";
