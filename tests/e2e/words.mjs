// Counts in words, as the app writes them (src/domain/plural.rs): "1 risk", "2 risks".
export const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
