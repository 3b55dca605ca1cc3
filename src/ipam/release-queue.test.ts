import { describe, expect, it } from '@jest/globals';
import { ReleaseClock, ReleaseQueue } from './release-queue.js';

function drain(queue: ReleaseQueue): number[] {
  const order: number[] = [];
  for (let head = queue.shift(); head !== undefined; head = queue.shift()) order.push(head.index);
  return order;
}

describe('ReleaseQueue', () => {
  it('hands blocks back in release order', () => {
    const queue = new ReleaseQueue();
    [5, 1, 9].forEach((index, at) => {
      queue.push(index, at);
    });
    expect(queue.peek()).toEqual(expect.objectContaining({ index: 5, releasedAt: 0 }));
    expect(drain(queue)).toEqual([5, 1, 9]);
    expect(queue.size).toBe(0);
  });

  it('moves a block released again to the back, keeping its latest release time', () => {
    const queue = new ReleaseQueue();
    queue.push(1, 1);
    queue.push(2, 2);
    queue.push(1, 3);
    expect(queue.size).toBe(2);
    expect(queue.peek()?.index).toBe(2);
    queue.shift();
    expect(queue.peek()).toEqual(expect.objectContaining({ index: 1, releasedAt: 3 }));
  });

  it.each([
    [[1, 2, 3], 1, [2, 3]],
    [[1, 2, 3], 2, [1, 3]],
    [[1, 2, 3], 3, [1, 2]],
    [[1], 1, []],
    [[1, 2], 7, [1, 2]],
  ])('from %j deleting %d leaves %j', (pushed, deleted, left) => {
    const queue = new ReleaseQueue();
    pushed.forEach((index, at) => {
      queue.push(index, at);
    });
    queue.delete(deleted);
    expect(queue.has(deleted)).toBe(false);
    expect(drain(queue)).toEqual(left);
  });
});

describe('ReleaseClock', () => {
  it('ticks strictly upwards', () => {
    const clock = new ReleaseClock();
    const first = clock.tick();
    expect(clock.tick()).toBeGreaterThan(first);
  });
});
