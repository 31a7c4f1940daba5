import type { JobQueue } from './job-queue.service';
import { defineJob } from './job-queue.types';

interface DefectJob {
  defectId: string;
}
const DEFECT_JOB = defineJob<DefectJob>('test.defect');

describe('defineJob', () => {
  it('is the queue name at run time, so stored jobs and string uses keep working', () => {
    expect(DEFECT_JOB).toBe('test.defect');
    expect(`${DEFECT_JOB}:1`).toBe('test.defect:1');
  });

  it('types enqueue and register by the definition (checked by the compiler; never run)', () => {
    const typed = async (queue: JobQueue) => {
      await queue.enqueue(undefined, { name: DEFECT_JOB, data: { defectId: 'd' } });
      // @ts-expect-error a payload of another shape is refused
      await queue.enqueue(undefined, { name: DEFECT_JOB, data: { commentId: 'c' } });
      await queue.register(DEFECT_JOB, async (job) => job.data.defectId.toUpperCase(), {
        target: 'internal',
      });
      // @ts-expect-error the handler's payload is the definition's, not anything else
      await queue.register(DEFECT_JOB, async (job) => job.data.commentId, { target: 'internal' });
    };
    expect(typeof typed).toBe('function');
  });
});
