//! Large-neighbourhood step of the local search: the proposals of two groups
//! that share people are re-partitioned optimally (DP over subsets) when there
//! are few enough of them. This covers swaps and several moves at once, which
//! single moves cannot reach when each move alone costs more.

use super::build::group_cost;
use super::merge::incompatibility;
use super::prep::Prep;
use std::collections::BTreeSet;

/// Largest union of two groups re-partitioned exactly.
const MAX_UNION: usize = 10;
/// Group evaluations allowed per plan, so that large districts stay fast.
const BUDGET: usize = 6_000;
/// Rounds over all candidate sets.
const MAX_ROUNDS: usize = 6;

/// Cheapest partition of `items` into compatible groups: (cost, groups).
fn best_partition(
    prep: &Prep,
    items: &[usize],
    budget: &mut usize,
) -> Option<(u64, Vec<Vec<usize>>)> {
    let n = items.len();
    let size = 1usize << n;
    *budget = budget.checked_sub(size)?;
    let mut cost: Vec<Option<u64>> = vec![None; size];
    for m in 1..size {
        let hi = usize::BITS - 1 - m.leading_zeros();
        let rest = m & !(1 << hi);
        if rest != 0 && cost[rest].is_none() {
            continue;
        }
        let g: Vec<usize> = (0..n)
            .filter(|&k| m & (1 << k) != 0)
            .map(|k| items[k])
            .collect();
        if g.len() == 1 || incompatibility(prep, &g).is_none() {
            cost[m] = Some(group_cost(prep, &g));
        }
    }
    let mut best = vec![u64::MAX; size];
    let mut choice = vec![0usize; size];
    best[0] = 0;
    for m in 1..size {
        let low = m & m.wrapping_neg();
        let rest = m & !low;
        let mut sub = rest;
        loop {
            let g = sub | low;
            if let Some(c) = cost[g] {
                let v = c.saturating_add(best[m & !g]);
                if v < best[m] {
                    best[m] = v;
                    choice[m] = g;
                }
            }
            if sub == 0 {
                break;
            }
            sub = (sub - 1) & rest;
        }
    }
    let mut out = Vec::new();
    let mut m = size - 1;
    while m != 0 {
        let g = choice[m];
        out.push(
            (0..n)
                .filter(|&k| g & (1 << k) != 0)
                .map(|k| items[k])
                .collect(),
        );
        m &= !g;
    }
    Some((best[size - 1], out))
}

/// Re-partitions pairs and triples of groups sharing people while that lowers
/// the cost.
pub(crate) fn repartition_pairs(prep: &Prep, mut groups: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let mut budget = BUDGET;
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < MAX_ROUNDS {
        improved = false;
        rounds += 1;
        let mut group_of = vec![0usize; prep.items.len()];
        for (g, members) in groups.iter().enumerate() {
            for &i in members {
                group_of[i] = g;
            }
        }
        let cost: Vec<u64> = groups.iter().map(|g| group_cost(prep, g)).collect();
        let mut edges: Vec<(usize, usize)> = prep
            .sharing_pairs()
            .keys()
            .map(|&(i, j)| (group_of[i], group_of[j]))
            .filter(|(a, b)| a != b)
            .flat_map(|(a, b)| [(a, b), (b, a)])
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let mut adj: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); groups.len()];
        for (a, b) in edges {
            adj[a].insert(b);
        }
        let mut cands: Vec<[usize; 3]> = Vec::new();
        for a in 0..groups.len() {
            for &b in adj[a].range(a + 1..) {
                let ab = groups[a].len() + groups[b].len();
                if ab > MAX_UNION {
                    continue;
                }
                cands.push([a, b, usize::MAX]);
                for &c in adj[a].union(&adj[b]) {
                    if c != a && c != b && ab + groups[c].len() <= MAX_UNION {
                        let mut t = [a, b, c];
                        t.sort_unstable();
                        cands.push(t);
                    }
                }
            }
        }
        // Pairs (ending in usize::MAX) sort after the triples that start alike.
        cands.sort_unstable();
        cands.dedup();
        let mut dirty = vec![false; groups.len()];
        for set in cands {
            let set: Vec<usize> = set.into_iter().filter(|&g| g != usize::MAX).collect();
            if set.iter().any(|&g| dirty[g]) {
                continue;
            }
            let mut union: Vec<usize> = set
                .iter()
                .flat_map(|&g| groups[g].iter().copied())
                .collect();
            if union.len() > MAX_UNION {
                continue;
            }
            union.sort_unstable();
            let Some((c, parts)) = best_partition(prep, &union, &mut budget) else {
                groups.retain(|g| !g.is_empty());
                return groups;
            };
            let before: u64 = set.iter().map(|&g| cost[g]).sum();
            if c < before {
                for &g in &set {
                    groups[g].clear();
                    dirty[g] = true;
                }
                groups.extend(parts);
                improved = true;
            }
        }
        groups.retain(|g| !g.is_empty());
    }
    groups
}
