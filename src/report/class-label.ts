import type { BehaviourClass } from '../core/classify.js';

/** Behavioural classes where space is short (column headers, phase-table cells, heat-map cells): one short spelling for all of them. */
export const CLASS_LABEL: Record<BehaviourClass, string> = { proxy: 'proxy', aligned: 'aligned', sycophant: 'syco', 'ram-pointer': 'ram-ptr', deceiver: 'deceiver', other: 'other' };
