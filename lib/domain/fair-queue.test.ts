import { describe, expect, it } from "vitest";
import { FairQueue } from "./fair-queue";

const MIB = 1024 * 1024;
const drain = <T>(queue: FairQueue<T>) => {
  const taken: T[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) taken.push(item);
  return taken;
};

describe("fair queue", () => {
  it("serves one lane first in, first out", () => {
    const queue = new FairQueue<number>();
    for (const n of [1, 2, 3, 4]) queue.push("a", n * 1000, n);
    expect(drain(queue)).toEqual([1, 2, 3, 4]);
  });

  it("takes another lane's small job before the next of a flood queued earlier", () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 8; i++) queue.push("flood", MIB, `big ${i}`);
    expect(queue.shift()).toBe("big 1");
    queue.push("victim", 6_000, "small 1");
    queue.push("victim", 6_000, "small 2");
    expect(drain(queue).slice(0, 3)).toEqual(["small 1", "small 2", "big 2"]);
  });

  it("takes the earliest job it accepts, leaving the others in their order", () => {
    const queue = new FairQueue<{ name: string; bytes: number }>();
    for (let i = 1; i <= 3; i++) queue.push("flood", MIB, { name: `big ${i}`, bytes: MIB });
    queue.push("victim", 6_000, { name: "small", bytes: 6_000 });
    expect(queue.shift((job) => job.bytes < 64 * 1024)?.name).toBe("small");
    expect(queue.shift((job) => job.bytes < 64 * 1024)).toBeUndefined();
    expect(drain(queue).map((job) => job.name)).toEqual(["big 1", "big 2", "big 3"]);
  });

  it("shares between two lanes of equal jobs by turns", () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 3; i++) queue.push("a", MIB, `a${i}`);
    for (let i = 1; i <= 3; i++) queue.push("b", MIB, `b${i}`);
    expect(drain(queue)).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);
  });

  it("gives a lane that was idle no credit for the time it was idle", () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 10; i++) queue.push("a", MIB, `a${i}`);
    for (let i = 1; i <= 9; i++) queue.shift();
    for (let i = 1; i <= 3; i++) queue.push("b", MIB, `b${i}`);
    queue.push("a", MIB, "a11");
    queue.push("a", MIB, "a12");
    // b starts where the queue is (a9's start), not at zero: it does not jump ahead of a for all it missed.
    expect(drain(queue)).toEqual(["b1", "a10", "b2", "b3", "a11", "a12"]);
  });
});
