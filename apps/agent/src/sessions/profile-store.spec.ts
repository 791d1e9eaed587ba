import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ArchiveTooLargeError } from './home-archive';
import { ProfileStore } from './profile-store';

const USER = '0b6c4c1e-3f1a-4c55-9d7e-2a1f0c9b8e77';
const WORKSPACE = '1a2b3c4d-0000-4000-8000-000000000001';
const OTHER_WORKSPACE = '1a2b3c4d-0000-4000-8000-000000000002';
let directory: string;
let store: ProfileStore;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'profiles-'));
  store = new ProfileStore(directory, 'agent-a', process.getgid?.() ?? 0);
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe('kept homes on the agent', () => {
  it('should keep one home per user and workspace, replacing it whole at each save', async () => {
    expect(await store.find(USER, WORKSPACE)).toBeUndefined();
    expect(await store.save(USER, WORKSPACE, Readable.from([Buffer.from('first')]), 1024)).toBe(5);
    expect(await store.save(USER, WORKSPACE, Readable.from([Buffer.from('second')]), 1024)).toBe(6);
    const path = await store.find(USER, WORKSPACE);
    expect(path).toBe(join(directory, 'agent-a', USER, `${WORKSPACE}.tar`));
    expect(await readFile(path as string, 'utf8')).toBe('second');
  });

  it('should refuse a home past its bound and keep the one saved before, leaving no partial file', async () => {
    await store.save(USER, WORKSPACE, Readable.from([Buffer.from('kept')]), 1024);
    await expect(store.save(USER, WORKSPACE, Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1024)).rejects.toBeInstanceOf(ArchiveTooLargeError);
    expect(await readFile((await store.find(USER, WORKSPACE)) as string, 'utf8')).toBe('kept');
    expect(await readdir(join(directory, 'agent-a', USER))).toEqual([`${WORKSPACE}.tar`]);
  });

  it("should delete one workspace's home, or every home of the user", async () => {
    await store.save(USER, WORKSPACE, Readable.from([Buffer.from('a')]), 1024);
    await store.save(USER, OTHER_WORKSPACE, Readable.from([Buffer.from('b')]), 1024);
    await store.remove(USER, WORKSPACE);
    expect(await store.find(USER, WORKSPACE)).toBeUndefined();
    expect(await store.find(USER, OTHER_WORKSPACE)).toBeDefined();
    await store.remove(USER);
    expect(await store.find(USER, OTHER_WORKSPACE)).toBeUndefined();
  });

  it('should keep the home saved before when the writer says the new one is not whole', async () => {
    await store.save(USER, WORKSPACE, Readable.from([Buffer.from('kept')]), 1024);
    await expect(store.save(USER, WORKSPACE, Readable.from([Buffer.from('half')]), 1024, async () => false)).rejects.toThrow(/not whole/);
    expect(await readFile((await store.find(USER, WORKSPACE)) as string, 'utf8')).toBe('kept');
  });
});
