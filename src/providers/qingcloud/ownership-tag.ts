// The controller-wide ownership tag every router and vxnet it creates carries (with a deterministic
// name, it is how a resource is known to be ours). Looked up by exact name and created once.
import type { QingCloudApi } from './api.js';
import { hasRetCode } from './errors.js';

export class OwnershipTag {
  readonly name: string;
  private readonly api: QingCloudApi;
  private tagId: Promise<string> | undefined;

  constructor(api: QingCloudApi, name: string) {
    this.api = api;
    this.name = name;
  }

  /** The tag's id: found by exact name, created once; a failed lookup is retried next time. */
  id(signal: AbortSignal): Promise<string> {
    this.tagId ??= this.findOrCreate(signal).catch((err: unknown) => {
      this.tagId = undefined;
      throw err;
    });
    return this.tagId;
  }

  private async findOrCreate(signal: AbortSignal): Promise<string> {
    const find = async (): Promise<string | undefined> =>
      (await this.api.describeTags({ searchWord: this.name }, signal)).find((t) => t.tag_name === this.name)?.tag_id;
    const existing = await find();
    if (existing !== undefined) return existing;
    try {
      return await this.api.createTag(this.name, { description: 'owned by tenant-network-controller' }, signal);
    } catch (err) {
      if (!hasRetCode(err, 2110)) throw err;
      const raced = await find();
      if (raced === undefined) throw err;
      return raced;
    }
  }
}

/** Waits for both; the work's failure wins over the tag attach's. */
export async function alongsideTagging<T>(tagging: Promise<void>, work: () => Promise<T>): Promise<T> {
  const [tagged, done] = await Promise.allSettled([tagging, work()]);
  if (done.status === 'rejected') throw done.reason as unknown;
  if (tagged.status === 'rejected') throw tagged.reason as unknown;
  return done.value;
}
