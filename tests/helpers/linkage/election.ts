import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import {
  ballotHash,
  blind,
  bytesToBase64,
  encodeBallot,
  generateVoterKey,
  signBallot,
  unblind,
  type BallotChoice,
} from '@civic-budget/protocol'
import { flushOutbox } from '#ledger/outbox/outbox'
import { personRef as personRefFor } from '#voting/person_ref'
import type StaffUser from '#identity/models/staff_user'
import { latestCode } from '#tests/helpers/identity'
import { staffRequest } from '#tests/helpers/staff'
import { freshPhone, makeTerminal } from '#tests/helpers/voting'

/*
| The scripted election of the linkage test (tests/functional/security/linkage.spec.ts), driven
| through the HTTP routes a phone, a terminal and a paper operator use. It returns the truth the
| adversary must not find: which person (resident, person reference) cast which ballot.
|
| Phase 1 signs half of the online residents in (SMS code through the log driver's outbox). Phase 2
| takes credentials in a random order of online and terminal voters, four at a time, and sends each
| ballot right after its credential — the worst case for the defender: the ballots reach the ledger
| in about the order of issuance. The other half of the online residents sign in *during* phase 2,
| right before their credential and ballot (sign-in → credential → ballot in one visit, each their
| first sign-in): what they store at sign-in is seconds from their ballot's block time. The paper
| batch lists its voters in the order of its sheets (the worst case again).
*/
export interface Voter {
  channel: 'online' | 'terminal' | 'paper'
  /** credential_issuances.person_ref of the credential or paper mark. */
  personRef: string
  /** Online residents: residents.id and phone. */
  residentId?: number
  phone?: string
  /** The ballot unit: the ballot hash, or `paper:<batchNo>:<sheetNo>`. */
  ballot: string
  /** When the credential was asked for (or the paper batch imported): for the positive controls. */
  requestedAt: number
  /** Online residents who signed in in the same visit: when the sign-in ended (code verified). */
  signedInAt?: number
}

export interface ElectionPlan {
  campaignId: number
  communityId: number
  projectIds: number[]
  admin: StaffUser
  online: number
  terminals: number
  perTerminal: number
  paper: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function shuffled<T>(items: T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j], copy[i]]
  }
  return copy
}

function someChoices(projectIds: number[]): BallotChoice[] {
  const picked = shuffled(projectIds).slice(0, 1 + Math.floor(Math.random() * 2))
  return picked.sort((a, b) => a - b).map((projectId) => ({ projectId, weight: 1 }))
}

/** A distinct client address per person (sign-in limits count per address). */
function addressOf(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`
}

/** The person reference the registrar stored with this blinded point. */
async function personRefOf(campaignId: number, blinded: string): Promise<string> {
  const row = await db
    .from('credential_issuances')
    .where({ campaign_id: campaignId, blinded })
    .select('person_ref')
    .firstOrFail()
  return String(row.person_ref)
}

/** Phase 1: an online resident signs in through the API; returns the bearer token. */
async function signIn(client: ApiClient, phone: string, address: string) {
  const asked = await client
    .post('/api/v1/auth/sms')
    .header('X-Forwarded-For', address)
    .json({ phone })
  asked.assertStatus(202)
  const code = await latestCode(client, phone)
  const verified = await client
    .post('/api/v1/auth/sms/verify')
    .header('X-Forwarded-For', address)
    .json({ requestId: asked.body().requestId, code })
  verified.assertStatus(200)
  const resident = await db.from('residents').where('phone_e164', phone).firstOrFail()
  return { token: String(verified.body().token), residentId: Number(resident.id) }
}

type Credentialed = { voter: Omit<Voter, 'ballot'>; send: () => Promise<string> }

/** Phase 2, one person: the credential request, and the ballot to send right after it. */
async function takeCredential(
  client: ApiClient,
  plan: ElectionPlan,
  person:
    | { channel: 'online'; token: string; residentId: number; phone: string; address: string }
    | { channel: 'terminal'; terminalToken: string; idHash: string; address: string }
): Promise<Credentialed> {
  const voter = generateVoterKey()
  const { blinded, r } = blind(plan.campaignId, voter.publicKey)
  const requestedAt = Date.now()
  const request =
    person.channel === 'online'
      ? client
          .post(`/api/v1/campaigns/${plan.campaignId}/credential`)
          .bearerToken(person.token)
          .json({ blinded })
      : client
          .post(`/api/v1/terminal/campaigns/${plan.campaignId}/credential`)
          .header('authorization', `Terminal ${person.terminalToken}`)
          .json({ idHash: person.idHash, blinded })
  const answer = await request.header('X-Forwarded-For', person.address)
  answer.assertStatus(200)
  const personRef = await personRefOf(plan.campaignId, blinded)
  const credential = unblind(answer.body().blindSignature, r)
  const ballotBytes = encodeBallot({
    campaignId: plan.campaignId,
    choices: someChoices(plan.projectIds),
    voterKey: voter.publicKey,
    credential,
  })
  const body = {
    ballot: bytesToBase64(ballotBytes),
    signature: bytesToBase64(signBallot(voter.secretKey, ballotBytes)),
  }
  const send = async () => {
    const sent = client.post(`/api/v1/campaigns/${plan.campaignId}/ballots`).json(body)
    if (person.channel === 'terminal')
      sent.header('authorization', `Terminal ${person.terminalToken}`)
    const response = await sent.header('X-Forwarded-For', person.address)
    if (![200, 202].includes(response.status())) {
      throw new Error(`ballot: ${response.status()} ${response.text()}`)
    }
    return ballotHash(ballotBytes)
  }
  const common = { channel: person.channel, personRef, requestedAt }
  return person.channel === 'online'
    ? { voter: { ...common, residentId: person.residentId, phone: person.phone }, send }
    : { voter: common, send }
}

/**
 * The paper batch: the sheets and the station's voter list, the voters listed in the order of their
 * sheets (the worst case: the operator keeps the two lists in one order).
 */
async function importPaper(client: ApiClient, plan: ElectionPlan): Promise<Voter[]> {
  const phones = Array.from({ length: plan.paper }, () => freshPhone())
  const sheets = phones.map((_, index) => ({
    sheetNo: index + 1,
    choices: someChoices(plan.projectIds),
  }))
  const csv = [
    'sheet,projects',
    ...sheets.map((sheet) => `${sheet.sheetNo},${sheet.choices.map((c) => c.projectId).join(' ')}`),
  ].join('\n')
  const voters = ['phone', ...phones].join('\n')
  const batchNo = 1
  const requestedAt = Date.now()
  const stored = await staffRequest(
    client,
    'post',
    `/staff/campaigns/${plan.campaignId}/paper`,
    plan.admin
  )
    .json({ station: 'Linkage station', batchNo, voterKind: 'phone', csv, voters })
    .accept('json')
  stored.assertStatus(201)
  return phones.map((phone, index) => ({
    channel: 'paper' as const,
    personRef: personRefFor(plan.campaignId, 'phone', phone),
    ballot: `paper:${batchNo}:${sheets[index].sheetNo}`,
    requestedAt,
  }))
}

/**
 * Runs `work` over `items` with a few requests at a time (the database, the verifier thread and the
 * replicas are other processes: a loaded machine's second core is used), keeping the items' order
 * in the result.
 */
async function inParallel<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index])
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker))
  return results
}

/** Waits until every ballot is committed on the ledger (GET /api/v1/ballots/:hash). */
async function waitCommitted(client: ApiClient, hashes: string[]) {
  const deadline = Date.now() + 90_000
  for (const hash of hashes) {
    for (;;) {
      const status = await client.get(`/api/v1/ballots/${hash}`)
      if (status.body().status === 'committed') break
      if (Date.now() > deadline) throw new Error(`ballot ${hash}: ${status.text()}`)
      await sleep(200)
    }
  }
}

export async function runElection(client: ApiClient, plan: ElectionPlan): Promise<Voter[]> {
  const started = Date.now()
  const phase = (name: string) => console.log(`[linkage] ${name}: ${Date.now() - started} ms`)
  const phones = Array.from({ length: plan.online }, (_, i) => ({
    phone: freshPhone(),
    address: addressOf(i + 1),
  }))
  const early = Math.ceil(phones.length / 2)
  const online = await inParallel(phones.slice(0, early), async ({ phone, address }) => ({
    channel: 'online' as const,
    phone,
    address,
    ...(await signIn(client, phone, address)),
  }))
  phase('half of the online residents signed in')
  // The other half sign in when their turn comes in phase 2, in the same visit as their vote.
  const inVisit = phones.slice(early).map(({ phone, address }) => ({
    channel: 'visit' as const,
    phone,
    address,
  }))
  const terminalPeople = []
  for (let t = 0; t < plan.terminals; t++) {
    const { token } = await makeTerminal(plan.communityId, `Linkage kiosk ${t}`)
    const where = addressOf(plan.online + 1 + t)
    for (let p = 0; p < plan.perTerminal; p++) {
      terminalPeople.push({
        channel: 'terminal' as const,
        terminalToken: token,
        idHash: randomBytes(32).toString('hex'),
        address: where,
      })
    }
  }

  const people = shuffled([...online, ...inVisit, ...terminalPeople])
  const voters = await inParallel(people, async (person): Promise<Voter> => {
    if (person.channel === 'visit') {
      const signedIn = await signIn(client, person.phone, person.address)
      const signedInAt = Date.now()
      const { voter, send } = await takeCredential(client, plan, {
        ...person,
        ...signedIn,
        channel: 'online',
      })
      return { ...voter, signedInAt, ballot: await send() }
    }
    const { voter, send } = await takeCredential(client, plan, person)
    return { ...voter, ballot: await send() }
  })
  phase('credentials taken, ballots sent')
  await waitCommitted(
    client,
    voters.map((v) => v.ballot)
  )

  phase('ballots committed')
  voters.push(...(await importPaper(client, plan)))
  await flushOutbox({ commitWaitMs: 30_000 })
  const pending = await db.from('ledger_outbox').whereNot('status', 'committed')
  phase('paper batch committed')
  if (pending.length > 0) throw new Error(`outbox not committed: ${JSON.stringify(pending)}`)
  return voters
}
