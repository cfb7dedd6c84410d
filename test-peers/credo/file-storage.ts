// Storage for the Credo test peer, written for this project (Askar cannot be installed here:
// its install script downloads a native library from GitHub, see docs/DEPENDENCIES).
//
// One JSON file holds everything a holder needs between two CLI runs: Credo's records (credentials,
// DIDs, the storage-version record) and the private keys of Credo's node:crypto KMS. It is a test
// fixture for throw-away wallets, so keys are stored in the clear.
import fs from 'node:fs';
import path from 'node:path';
import {
  InjectionSymbols,
  JsonTransformer,
  Kms,
  RecordDuplicateError,
  RecordNotFoundError,
  type AgentContext,
  type BaseRecord,
  type BaseRecordConstructor,
  type DependencyManager,
  type Module,
  type Query,
  type QueryOptions,
  type StorageService,
} from '@credo-ts/core';
import { NodeKeyManagementService, type NodeKeyManagementStorage } from '@credo-ts/node';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRecord = BaseRecord<any, any, any>;
type Tags = Record<string, unknown>;

interface StoredRecord {
  id: string;
  type: string;
  value: Record<string, unknown>;
  tags: Tags;
}

interface FileShape {
  version: 1;
  /** context correlation id → "type:id" → record */
  records: Record<string, Record<string, StoredRecord>>;
  /** context correlation id → KMS key id → private JWK */
  keys: Record<string, Record<string, Kms.KmsJwkPrivate>>;
}

function emptyFile(): FileShape {
  return { version: 1, records: {}, keys: {} };
}

/** Whether a record's tags satisfy a Credo query (`$and`, `$or`, `$not`, plain tag equality, array containment). */
export function tagsMatch(tags: Tags, query: unknown): boolean {
  if (query == null) return true;
  for (const [name, wanted] of Object.entries(query as Record<string, unknown>)) {
    if (wanted === undefined) continue;
    if (name === '$and') {
      if (!(wanted as unknown[]).every((q) => tagsMatch(tags, q))) return false;
    } else if (name === '$or') {
      if (!(wanted as unknown[]).some((q) => tagsMatch(tags, q))) return false;
    } else if (name === '$not') {
      if (tagsMatch(tags, wanted)) return false;
    } else {
      const actual = tags[name];
      if (Array.isArray(wanted)) {
        if (!Array.isArray(actual) || !wanted.every((w) => actual.includes(w))) return false;
      } else if (wanted === null) {
        if (actual != null) return false;
      } else if (actual !== wanted) {
        return false;
      }
    }
  }
  return true;
}

/**
 * The holder's state, in memory, written to `file` (when given) after every change.
 * Writes go to a temporary file first and are renamed into place, so a crash never leaves half a file.
 */
export class FileStore {
  private readonly data: FileShape;

  constructor(private readonly file?: string) {
    this.data = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as FileShape) : emptyFile();
    if (this.data.version !== 1) throw new Error(`${file}: unknown store version ${String(this.data.version)}`);
  }

  records(contextId: string): Record<string, StoredRecord> {
    return (this.data.records[contextId] ??= {});
  }

  keys(contextId: string): Record<string, Kms.KmsJwkPrivate> {
    return (this.data.keys[contextId] ??= {});
  }

  flush(): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data, null, 1));
    fs.renameSync(tmp, this.file);
  }
}

/** Credo's StorageService over a FileStore. */
export class FileStorageService<T extends AnyRecord = AnyRecord> implements StorageService<T> {
  readonly supportsCursorPagination = false;

  constructor(private readonly store: FileStore) {}

  private static keyOf(type: string, id: string): string {
    return `${type}:${id}`;
  }

  private write(agentContext: AgentContext, record: T): void {
    record.updatedAt = new Date();
    const key = FileStorageService.keyOf(record.type, record.id);
    this.store.records(agentContext.contextCorrelationId)[key] = {
      id: record.id,
      type: record.type,
      value: JSON.parse(JSON.stringify(record.toJSON())) as Record<string, unknown>,
      tags: JSON.parse(JSON.stringify(record.getTags())) as Tags,
    };
    this.store.flush();
  }

  private revive(stored: StoredRecord, recordClass: BaseRecordConstructor<T>): T {
    const record = JsonTransformer.fromJSON(stored.value, recordClass);
    record.id = stored.id;
    record.replaceTags(stored.tags as never);
    return record;
  }

  async save(agentContext: AgentContext, record: T): Promise<void> {
    if (this.store.records(agentContext.contextCorrelationId)[FileStorageService.keyOf(record.type, record.id)]) {
      throw new RecordDuplicateError(`record ${record.id} already exists`, { recordType: record.type });
    }
    this.write(agentContext, record);
  }

  async update(agentContext: AgentContext, record: T): Promise<void> {
    if (!this.store.records(agentContext.contextCorrelationId)[FileStorageService.keyOf(record.type, record.id)]) {
      throw new RecordNotFoundError(`record ${record.id} not found`, { recordType: record.type });
    }
    this.write(agentContext, record);
  }

  async delete(agentContext: AgentContext, record: T): Promise<void> {
    await this.deleteById(agentContext, { type: record.type } as BaseRecordConstructor<T>, record.id);
  }

  async deleteById(agentContext: AgentContext, recordClass: BaseRecordConstructor<T>, id: string): Promise<void> {
    const records = this.store.records(agentContext.contextCorrelationId);
    const key = FileStorageService.keyOf(recordClass.type, id);
    if (!records[key]) throw new RecordNotFoundError(`record ${id} not found`, { recordType: recordClass.type });
    delete records[key];
    this.store.flush();
  }

  async getById(agentContext: AgentContext, recordClass: BaseRecordConstructor<T>, id: string): Promise<T> {
    const stored = this.store.records(agentContext.contextCorrelationId)[FileStorageService.keyOf(recordClass.type, id)];
    if (!stored) throw new RecordNotFoundError(`record ${id} not found`, { recordType: recordClass.type });
    return this.revive(stored, recordClass);
  }

  async getAll(agentContext: AgentContext, recordClass: BaseRecordConstructor<T>): Promise<T[]> {
    return this.findByQuery(agentContext, recordClass, {});
  }

  async findByQuery(agentContext: AgentContext, recordClass: BaseRecordConstructor<T>, query: Query<T>, options?: QueryOptions): Promise<T[]> {
    let found = Object.values(this.store.records(agentContext.contextCorrelationId)).filter(
      (r) => r.type === recordClass.type && tagsMatch(r.tags, query),
    );
    if (options?.offset) found = found.slice(options.offset);
    if (options?.limit) found = found.slice(0, options.limit);
    return found.map((r) => this.revive(r, recordClass));
  }
}

/** Private keys of Credo's node:crypto KMS, kept in the same FileStore. */
export class FileKeyStorage implements NodeKeyManagementStorage {
  constructor(private readonly store: FileStore) {}

  get(agentContext: AgentContext, keyId: string): Kms.KmsJwkPrivate | null {
    return this.store.keys(agentContext.contextCorrelationId)[keyId] ?? null;
  }

  has(agentContext: AgentContext, keyId: string): boolean {
    return keyId in this.store.keys(agentContext.contextCorrelationId);
  }

  set(agentContext: AgentContext, keyId: string, jwk: Kms.KmsJwkPrivate): void {
    this.store.keys(agentContext.contextCorrelationId)[keyId] = jwk;
    this.store.flush();
  }

  delete(agentContext: AgentContext, keyId: string): boolean {
    const keys = this.store.keys(agentContext.contextCorrelationId);
    if (!(keyId in keys)) return false;
    delete keys[keyId];
    this.store.flush();
    return true;
  }
}

/** Registers the file-backed StorageService and the node:crypto KMS backend on an agent. */
export class FileWalletModule implements Module {
  readonly store: FileStore;

  constructor(file?: string) {
    this.store = new FileStore(file);
  }

  register(dependencyManager: DependencyManager): void {
    dependencyManager.registerInstance(InjectionSymbols.StorageService, new FileStorageService(this.store));
    dependencyManager
      .resolve(Kms.KeyManagementModuleConfig)
      .registerBackend(new NodeKeyManagementService(new FileKeyStorage(this.store)));
  }
}
