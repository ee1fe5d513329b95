import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { type Job, Scheduler } from '../../src/engine/scheduler.js';

const job = (at: number, target: string, kind = 'test'): Omit<Job, 'seq'> => ({ at, kind, project: 'p', target });

/** A scheduler whose 'test' jobs write their target into `ran`. */
function recording() {
  const scheduler = new Scheduler();
  const ran: string[] = [];
  scheduler.on('test', (j) => ran.push(j.target));
  return { scheduler, ran };
}

describe('Scheduler', () => {
  it('runs the jobs due at or before now and keeps the later ones', () => {
    const { scheduler, ran } = recording();
    scheduler.schedule(job(100, 'a'));
    scheduler.schedule(job(200, 'b'));
    scheduler.schedule(job(300, 'c'));
    expect(scheduler.runDue(200)).toBe(2);
    expect(ran).toEqual(['a', 'b']);
    expect(scheduler.size).toBe(1);
    expect(scheduler.nextDueAt()).toBe(300);
  });

  it('runs nothing before the first due time', () => {
    const { scheduler, ran } = recording();
    scheduler.schedule(job(100, 'a'));
    expect(scheduler.runDue(99)).toBe(0);
    expect(ran).toEqual([]);
  });

  it('runs jobs by due time whatever order they were scheduled in', () => {
    const { scheduler, ran } = recording();
    scheduler.schedule(job(300, 'c'));
    scheduler.schedule(job(100, 'a'));
    scheduler.schedule(job(200, 'b'));
    scheduler.runDue(1000);
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('runs jobs due at the same time in the order they were scheduled', () => {
    const { scheduler, ran } = recording();
    for (const target of ['first', 'second', 'third', 'fourth']) scheduler.schedule(job(100, target));
    scheduler.runDue(100);
    expect(ran).toEqual(['first', 'second', 'third', 'fourth']);
  });

  it('keeps due-time order over thousands of jobs scheduled at random times', () => {
    const scheduler = new Scheduler();
    const random = new Random('heap');
    const seen: Job[] = [];
    scheduler.on('test', (j) => seen.push(j));
    for (let i = 0; i < 5000; i++) scheduler.schedule(job(random.int(0, 500), String(i)));
    expect(scheduler.runDue(500)).toBe(5000);
    for (let i = 1; i < seen.length; i++) {
      const [prev, cur] = [seen[i - 1]!, seen[i]!];
      expect(prev.at < cur.at || (prev.at === cur.at && prev.seq < cur.seq)).toBe(true);
    }
  });

  it('also runs work that a job schedules when it is already due', () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    scheduler.on('chain', (j) => {
      ran.push(j.target);
      const n = Number(j.target);
      if (n < 3) scheduler.schedule({ at: j.at + 10, kind: 'chain', project: 'p', target: String(n + 1) });
    });
    scheduler.schedule({ at: 0, kind: 'chain', project: 'p', target: '1' });
    expect(scheduler.runDue(15)).toBe(2);
    expect(ran).toEqual(['1', '2']);
    expect(scheduler.nextDueAt()).toBe(20);
  });

  it('ignores a runDue called from inside a running job', () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    let inner = -1;
    scheduler.on('test', (j) => {
      ran.push(j.target);
      if (j.target === 'a') inner = scheduler.runDue(1000);
    });
    scheduler.schedule(job(1, 'a'));
    scheduler.schedule(job(2, 'b'));
    expect(scheduler.runDue(1000)).toBe(2);
    expect(inner).toBe(0);
    expect(ran).toEqual(['a', 'b']);
  });

  it('drops the jobs a cancel predicate matches and keeps the order of the rest', () => {
    const { scheduler, ran } = recording();
    scheduler.schedule(job(400, 'd'));
    scheduler.schedule({ ...job(150, 'x'), project: 'other' });
    scheduler.schedule(job(100, 'a'));
    scheduler.schedule({ ...job(50, 'y'), project: 'other' });
    scheduler.schedule(job(200, 'b'));
    expect(scheduler.cancel((j) => j.project === 'other')).toBe(2);
    expect(scheduler.size).toBe(3);
    scheduler.schedule(job(300, 'c'));
    scheduler.runDue(1000);
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
  });

  it('tells cancel listeners which jobs a cancel dropped, after dropping them', () => {
    const { scheduler } = recording();
    scheduler.schedule(job(100, 'a'));
    scheduler.schedule({ ...job(50, 'y'), project: 'other' });
    const told: string[][] = [];
    scheduler.onCancel((jobs) => told.push([...jobs.map((j) => j.target), String(scheduler.size)]));
    scheduler.cancel((j) => j.project === 'other');
    scheduler.cancel((j) => j.project === 'none');
    expect(told).toEqual([['y', '1']]);
  });

  it('reports no next due time when the queue is empty', () => {
    const { scheduler } = recording();
    expect(scheduler.nextDueAt()).toBeUndefined();
    scheduler.schedule(job(5, 'a'));
    scheduler.runDue(5);
    expect(scheduler.nextDueAt()).toBeUndefined();
    expect(scheduler.size).toBe(0);
  });

  it('lists its jobs in run order without removing them', () => {
    const { scheduler } = recording();
    scheduler.schedule(job(30, 'c'));
    scheduler.schedule(job(10, 'a'));
    scheduler.schedule(job(20, 'b'));
    expect(scheduler.jobs().map((j) => j.target)).toEqual(['a', 'b', 'c']);
    expect(scheduler.size).toBe(3);
  });

  it('continues a restored schedule in order, after the restored jobs that share a due time', () => {
    const source = new Scheduler();
    source.schedule(job(100, 'a'));
    source.schedule(job(100, 'b'));
    source.schedule(job(50, 'early'));
    const { scheduler, ran } = recording();
    scheduler.restore(JSON.parse(JSON.stringify(source.jobs())));
    scheduler.schedule(job(100, 'new'));
    scheduler.runDue(100);
    expect(ran).toEqual(['early', 'a', 'b', 'new']);
  });
});
