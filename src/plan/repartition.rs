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

/// The candidate sets whose smallest group is `x`, in lexicographic order
/// (a triple `[x, y, z]` before the pair `[x, y]`): pairs of adjacent groups,
/// and triples whose groups are connected by shared people, of at most
/// `MAX_UNION` proposals together.
fn candidates_from(x: usize, adj: &[BTreeSet<usize>], sizes: &[usize]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for y in x + 1..sizes.len() {
        let xy = sizes[x] + sizes[y];
        if xy > MAX_UNION {
            continue;
        }
        let joined = adj[x].contains(&y);
        let mut zs: Vec<usize> = if joined {
            adj[x]
                .range(y + 1..)
                .chain(adj[y].range(y + 1..))
                .copied()
                .collect()
        } else {
            adj[x]
                .range(y + 1..)
                .filter(|z| adj[y].contains(z))
                .copied()
                .collect()
        };
        zs.sort_unstable();
        zs.dedup();
        out.extend(
            zs.into_iter()
                .filter(|&z| xy + sizes[z] <= MAX_UNION)
                .map(|z| vec![x, y, z]),
        );
        if joined {
            out.push(vec![x, y]);
        }
    }
    out
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
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        let mut dirty = vec![false; groups.len()];
        // Candidates are produced lazily, smallest first group first, because
        // the evaluation budget usually runs out long before the last one.
        for set in (0..sizes.len()).flat_map(|x| candidates_from(x, &adj, &sizes)) {
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
