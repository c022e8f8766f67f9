import { humanActor } from '../audit/log';
import { describeContract, type ApprovalContract } from '../contract/contract';
import { exportContract, importContract, loadContract, saveContract } from '../contract/store';
import { agentMap } from '../contract/agent-map';
import type { CountersignDb } from '../db/schema';
import type { Handlers } from '../protocol/router';
import type { ContractView } from '../protocol/responses';

type ContractRequest = 'contract.get' | 'contract.update' | 'contract.export' | 'contract.import' | 'agents.map';

/** Audit entries read to find each agent's recent actions, and how many are shown per agent. */
const SCAN = 1000;
const RECENT = 5;

const view = (contract: ApprovalContract): ContractView => ({ contract, lines: describeContract(contract) });

/**
 * The approval contract in the background: anyone in an extension page may read it; only the
 * approval panel changes, exports or imports it (lib/protocol/policy.ts). Every change is
 * validated against the invariants and audited with its before and after (lib/contract/store.ts).
 */
export function createContractHandlers(db: CountersignDb, now: () => number = Date.now): Pick<Handlers, ContractRequest> {
  return {
    'contract.get': async () => view(await loadContract(db)),
    'contract.update': async (req) => {
      const base = (req.contract as { revision?: unknown } | null)?.revision;
      return view(await saveContract(db, req.contract, { actor: humanActor(), now: now(), source: 'edit', baseRevision: typeof base === 'number' ? base : undefined }));
    },
    'contract.export': async () => exportContract(await loadContract(db)),
    'contract.import': async (req) => view(await importContract(db, req.json, humanActor(), now())),
    // The map is built here, from the declarations the runtime enforces, so pages never load the tools.
    'agents.map': async () => {
      const map = agentMap();
      const entries = await db.audit.orderBy('seq').reverse().limit(SCAN).toArray();
      const recent = Object.fromEntries(map.agents.map((a) => [a.name, entries.filter((e) => e.actor.type === 'agent' && e.actor.id === a.name).slice(0, RECENT)]));
      return { map, recent };
    },
  };
}
