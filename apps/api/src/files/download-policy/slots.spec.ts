import { Slots } from './slots';

describe('Slots', () => {
  it('never runs more tasks at once than it has slots, and runs every task in arrival order', async () => {
    const slots = new Slots(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      most = Math.max(most, running);
      order.push(n);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return n;
    };
    const first = [1, 2, 3, 4].map((n) => slots.run(task(n)));
    await first[0];
    // A newcomer arriving while a slot is being handed over still waits its turn.
    const late = slots.run(task(5));
    expect(await Promise.all([...first, late])).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it('frees the slot when a task fails', async () => {
    const slots = new Slots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
