import type { BehaviourClass } from '../core/classify.js';

/** Behavioural classes in narrow columns (text tables, heat-map cells): one spelling everywhere. */
export const CLASS_LABEL: Record<BehaviourClass, string> = { proxy: 'proxy', aligned: 'aligned', sycophant: 'syco', 'ram-pointer': 'ram-ptr', deceiver: 'deceiver', other: 'other' };
