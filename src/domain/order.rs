//! One stable sort for the whole app, so the bundle carries one sort routine.
//!
//! `slice::sort_by` is generic over the element and the comparator, so every call site with a
//! distinct element or closure type instantiates a whole driftsort (~3-4 KB of wasm each;
//! eighteen copies were in the bundle). Here the only real sort is [`order`], on indices with
//! a `dyn` comparator; the generic wrappers only compare and swap. All sorts are stable.
//! [`set`] builds a `BTreeSet` without the sort that `collect()` runs.

use std::cmp::Ordering;
use std::collections::BTreeSet;

/// The stable order of `n` items: position `k` of the result is the index of the item that
/// belongs at `k`. `cmp` compares items by index.
pub fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..n).collect();
    indices.sort_by(|&a, &b| cmp(a, b));
    indices
}

/// Moves items so that position `k` holds the item that was at `perm[k]`, following each
/// cycle of the permutation with `swap`.
fn permute(mut perm: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..perm.len() {
        let mut at = start;
        while perm[at] != start {
            let next = perm[at];
            swap(at, next);
            perm[at] = at;
            at = next;
        }
        perm[at] = at;
    }
}

/// Sorts `items` stably by `cmp`; the same result as `items.sort_by(cmp)`.
pub fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let perm = order(items.len(), &mut |a, b| cmp(&items[a], &items[b]));
    permute(perm, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` stably by a key; the same result as `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably; the same result as `items.sort()`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The set of `items`, built by inserting: `collect()` into a `BTreeSet` sorts a vector
/// first, which instantiates another driftsort per element type.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_stable_sort() {
        // Pseudo-random pairs with many equal keys, so stability is exercised.
        let mut seed = 7u32;
        for len in [0usize, 1, 2, 3, 5, 8, 20, 33, 100, 257] {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 7, i)
                })
                .collect();
            let mut ours = items.clone();
            let mut std = items.clone();
            sort_by_key(&mut ours, |p| p.0);
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std);
            let mut ours = items.clone();
            let mut std = items;
            sort_by(&mut ours, |a, b| b.cmp(a));
            std.sort_by(|a, b| b.cmp(a));
            assert_eq!(ours, std);
        }
        let mut words = vec!["pear", "apple", "fig", "apple"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
        assert_eq!(
            set(words.clone()),
            words.into_iter().collect::<BTreeSet<_>>()
        );
    }
}
