import { expect, test } from "bun:test";
import { parseNetDev, ratesBetween } from "./net-rates.ts";

const DEV = (eth0rx: number, eth0tx: number) => `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 9999999     100    0    0    0     0          0         0  9999999     100    0    0    0     0       0          0
  eth0: ${eth0rx}    2000    0    0    0     0          0         0 ${eth0tx}    1500    0    0    0     0       0          0
docker0: 5000000     10    0    0    0     0          0         0  5000000      10    0    0    0     0       0          0
veth1a2b: 7000000    10    0    0    0     0          0         0  7000000      10    0    0    0     0       0          0
`;

test("only the host's own interfaces count: loopback, bridges and container veths are left out", () => {
  expect(parseNetDev(DEV(1000, 500), 0)).toEqual({ at: 0, rx: 1000, tx: 500 });
});

test("rates are bytes per second since the previous reading, never negative or NaN", () => {
  const a = parseNetDev(DEV(1000, 500), 1000);
  const b = parseNetDev(DEV(3000, 1500), 3000);
  expect(ratesBetween(null, a)).toEqual({ rxBytesPerSec: 0, txBytesPerSec: 0 });
  expect(ratesBetween(a, b)).toEqual({ rxBytesPerSec: 1000, txBytesPerSec: 500 });
  // A counter reset (interface re-created) reads as 0, not as a negative rate.
  expect(ratesBetween(b, parseNetDev(DEV(10, 10), 4000))).toEqual({ rxBytesPerSec: 0, txBytesPerSec: 0 });
  expect(ratesBetween(b, { ...b })).toEqual({ rxBytesPerSec: 0, txBytesPerSec: 0 });
});
