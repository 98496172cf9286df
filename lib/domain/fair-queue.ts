/**
 * Jobs from many lanes (agents) taken one at a time, fairly by size:
 * start-time fair queuing. Each job is stamped with a virtual start, the later
 * of the queue's virtual time and the end of its lane's previous job, and the
 * earliest start is taken next. A lane that sends a megabyte after a megabyte
 * moves its own stamps a megabyte at a time, so another lane's small job,
 * arriving later, is taken before the flood's next one; a lane alone is
 * served first in, first out.
 *
 *   const queue = new FairQueue<string>();
 *   queue.push("agent-a", 1_048_576, "big");
 *   queue.push("agent-a", 1_048_576, "big 2");
 *   queue.push("agent-b", 6_000, "small");
 *   queue.shift(); // "big"   (first in, nothing ahead of it)
 *   queue.shift(); // "small" (starts at 0, before "big 2" at 1 MiB)
 */
export class FairQueue<T> {
  private virtualTime = 0;
  private sequence = 0;
  /** Where each lane's last queued job ends; lanes with nothing queued past the virtual time are forgotten. */
  private readonly laneEnds = new Map<string, number>();
  private readonly jobs: Array<{ start: number; sequence: number; item: T }> = [];

  get size(): number {
    return this.jobs.length;
  }

  push(lane: string, size: number, item: T): void {
    const start = Math.max(this.virtualTime, this.laneEnds.get(lane) ?? 0);
    this.laneEnds.set(lane, start + Math.max(1, size));
    this.jobs.push({ start, sequence: this.sequence++, item });
  }

  /**
   * Takes the job with the earliest start, or, with `accept`, the earliest
   * that it accepts (another lane's job may then wait for a worker that
   * takes any).
   */
  shift(accept?: (item: T) => boolean): T | undefined {
    let next = -1;
    for (let i = 0; i < this.jobs.length; i++) {
      const job = this.jobs[i];
      if (accept && !accept(job.item)) continue;
      const best = next === -1 ? null : this.jobs[next];
      if (!best || job.start < best.start || (job.start === best.start && job.sequence < best.sequence)) next = i;
    }
    if (next === -1) return undefined;
    const [job] = this.jobs.splice(next, 1);
    // Virtual time follows the jobs taken in order; one taken ahead of its turn does not move it.
    if (this.jobs.every((other) => other.start >= job.start)) this.virtualTime = job.start;
    for (const [lane, end] of this.laneEnds) if (end <= this.virtualTime) this.laneEnds.delete(lane);
    return job.item;
  }
}
