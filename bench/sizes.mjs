// The sizes of the small-check rows (issue 13): n = 10, 100, 1000, 10⁴, and the tanh network of each size.
export const SIZES = [10, 100, 1000, 10_000];
export const NETWORK_OF_SIZE = { 10: [1, 3, 1], 100: [9, 9, 1], 1000: [11, 31, 19, 1], 10000: [68, 91, 40, 1] };
