import type { VoteRecord, VoteStore } from './vote_flow'

/*
| IndexedDB persistence of the ballot state machine: database `civic-budget-voting`, store `votes`
| (key `id` = `${campaignId}:${residentId}`). Records hold a non-extractable CryptoKey or a seed
| until the receipt is stored (structured clone keeps CryptoKeys as they are).
| Nothing stays on a shared device: a vote's record is deleted once its receipt is shown (the page
| offers the receipt as a file), and the whole database at sign-out.
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

/** Deletes one vote's record (once its receipt has been shown). */
export async function forgetVote(id: string): Promise<void> {
  const database = await openDb()
  try {
    const transaction = database.transaction(STORE, 'readwrite')
    transaction.objectStore(STORE).delete(id)
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve()
      transaction.onerror = () => reject(transaction.error)
    })
  } finally {
    database.close()
  }
}

/** Deletes every stored vote of this browser (sign-out); resolves even where IndexedDB is missing. */
export function clearVoteStore(): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve()
  return new Promise((resolve) => {
    const deletion = indexedDB.deleteDatabase(DB_NAME)
    deletion.onsuccess = () => resolve()
    deletion.onerror = () => resolve()
    // Another tab keeps the database open: its deletion completes once that tab lets go.
    deletion.onblocked = () => resolve()
  })
}
