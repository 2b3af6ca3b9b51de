import type { Resource } from "solid-js";

/** The resource's latest value, or undefined while it is errored (reading `.latest` then throws). */
export const valueOf = <T>(r: Resource<T>): T | undefined => (r.state === "errored" ? undefined : r.latest);
