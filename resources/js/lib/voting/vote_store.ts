import type { VoteRecord, VoteStore } from './vote_flow'

/*
| IndexedDB persistence of the ballot state machine: database `civic-budget-voting`, store `votes`
| (key `id` = `${campaignId}:${residentId}`). Records hold a non-extractable CryptoKey or a seed
| until the receipt is stored (structured clone keeps CryptoKeys as they are).
*/
const DB_NAME = 'civic-budget-voting'
const STORE = 'votes'

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

function openDb(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1)
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' })
  return request(open)
}

export function indexedDbStore(): VoteStore {
  let db: Promise<IDBDatabase> | null = null
  const objectStore = async (mode: IDBTransactionMode) => {
    db ??= openDb()
    const database = await db
    return database.transaction(STORE, mode).objectStore(STORE)
  }
  return {
    async get(id) {
      const store = await objectStore('readonly')
      return request(store.get(id)) as Promise<VoteRecord | undefined>
    },
    async put(record) {
      const store = await objectStore('readwrite')
      await request(store.put(record))
      // resolve only once durable: the next network request must not run ahead of the write
      await new Promise<void>((resolve, reject) => {
        store.transaction.oncomplete = () => resolve()
        store.transaction.onerror = () => reject(store.transaction.error)
      })
    },
  }
}
