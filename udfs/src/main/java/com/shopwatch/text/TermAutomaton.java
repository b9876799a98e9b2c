package com.shopwatch.text;

import java.util.Arrays;
import java.util.List;

/**
 * An Aho–Corasick automaton over {@code char}s in flat arrays: a state's transitions are a sorted
 * slice of one label array (binary search), the root's a direct table. Matching boxes nothing and
 * allocates nothing; building is linear in the total length of the terms.
 *
 * <p>Why not a library: the trie of {@code org.ahocorasick} keeps a {@code HashMap<Character, State>}
 * per state (a boxed, hashed lookup per character: most of the policy evaluation's own time), and a
 * double-array trie over UTF-16 (hankcs) built a 10 000-term version twice as slowly, its arrays
 * sparse with Thai and CJK terms. Measured in BENCHMARKS.md.
 */
final class TermAutomaton {
    /** Receives one match: {@code [start, end)} in the text, and the index of the key. */
    interface Match {
        void found(int start, int end, int key);
    }

    private static final int ROOT = 0;

    private final int[] rootNext;     // char → state, 0 = none (the root itself is never a target)
    private final int[] edgeLo;       // state → its edges, [edgeLo[s], edgeHi[s]) of the two arrays below
    private final int[] edgeHi;
    private final char[] edgeLabel;   // sorted within a state
    private final int[] edgeTarget;
    private final int[] fail;
    private final int[] keyAt;        // state → key ending there, or -1
    private final int[] outputLink;   // state → nearest state on its fail chain where a key ends, or -1
    private final int[] keyLength;

    /** Builds the automaton of {@code keys}, which must be sorted ({@link String#compareTo}) and distinct. */
    static TermAutomaton of(List<String> keys) {
        // 1. The trie, keys in sorted order: a node's children are then created in label order,
        //    so a first-child / next-sibling list per node is already sorted.
        int capacity = 1;
        for (String k : keys) {
            capacity += k.length();
        }
        int[] firstChild = new int[capacity];
        int[] lastChild = new int[capacity];
        int[] nextSibling = new int[capacity];
        char[] label = new char[capacity];
        int[] keyAt = new int[capacity];
        Arrays.fill(firstChild, -1);
        Arrays.fill(keyAt, -1);
        int nodes = 1;
        String previous = null;
        // the path of the previous key: keys sharing its prefix reuse those nodes
        int[] path = new int[16];
        int[] keyLength = new int[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            if (key.isEmpty() || (previous != null && previous.compareTo(key) >= 0)) {
                throw new IllegalArgumentException("keys must be non-empty, sorted and distinct: '" + previous + "', '" + key + "'");
            }
            keyLength[k] = key.length();
            int common = 0;
            if (previous != null) {
                int max = Math.min(previous.length(), key.length());
                while (common < max && previous.charAt(common) == key.charAt(common)) {
                    common++;
                }
            }
            if (path.length < key.length() + 1) {
                path = Arrays.copyOf(path, Math.max(path.length * 2, key.length() + 1));
            }
            path[0] = ROOT;
            int node = common == 0 ? ROOT : path[common];
            for (int i = common; i < key.length(); i++) {
                int child = nodes++;
                label[child] = key.charAt(i);
                if (firstChild[node] < 0) {
                    firstChild[node] = child;
                } else {
                    nextSibling[lastChild[node]] = child;
                }
                lastChild[node] = child;
                nextSibling[child] = -1;
                node = child;
                path[i + 1] = node;
            }
            keyAt[node] = k;
            previous = key;
        }
        return new TermAutomaton(nodes, firstChild, nextSibling, label, Arrays.copyOf(keyAt, nodes), keyLength);
    }

    private TermAutomaton(int nodes, int[] firstChild, int[] nextSibling, char[] label, int[] keyAt, int[] keyLength) {
        this.keyAt = keyAt;
        this.keyLength = keyLength;
        // 2. Edges in flat arrays, breadth first (the order fail links are computed in).
        edgeLabel = new char[Math.max(0, nodes - 1)];
        edgeTarget = new int[Math.max(0, nodes - 1)];
        rootNext = new int[Character.MAX_VALUE + 1];
        int[] order = new int[nodes];
        int head = 0;
        int tail = 0;
        order[tail++] = ROOT;
        int edges = 0;
        int[] lo = new int[nodes];
        int[] hi = new int[nodes];
        while (head < tail) {
            int s = order[head++];
            lo[s] = edges;
            for (int c = firstChild[s]; c >= 0; c = nextSibling[c]) {
                edgeLabel[edges] = label[c];
                edgeTarget[edges++] = c;
                order[tail++] = c;
                if (s == ROOT) {
                    rootNext[label[c]] = c;
                }
            }
            hi[s] = edges;
        }
        edgeLo = lo;
        edgeHi = hi;
        // 3. Fail and output links, breadth first.
        fail = new int[nodes];
        outputLink = new int[nodes];
        outputLink[ROOT] = -1;
        for (int i = 0; i < nodes; i++) {
            int s = order[i];
            for (int e = lo[s]; e < hi[s]; e++) {
                int child = edgeTarget[e];
                char c = edgeLabel[e];
                int f;
                if (s == ROOT) {
                    f = ROOT;
                } else {
                    f = fail[s];
                    int next;
                    while ((next = step(f, c)) < 0 && f != ROOT) {
                        f = fail[f];
                    }
                    f = next < 0 ? ROOT : next;
                }
                fail[child] = f;
                outputLink[child] = keyAt[f] >= 0 ? f : outputLink[f];
            }
        }
    }

    /** The state after {@code c} from {@code s}, or -1 when {@code s} has no such edge. */
    private int step(int s, char c) {
        if (s == ROOT) {
            int next = rootNext[c];
            return next == 0 ? -1 : next;
        }
        int lo = edgeLo[s];
        int hi = edgeHi[s] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            char m = edgeLabel[mid];
            if (m < c) {
                lo = mid + 1;
            } else if (m > c) {
                hi = mid - 1;
            } else {
                return edgeTarget[mid];
            }
        }
        return -1;
    }

    /** Every occurrence of every key in {@code text}, overlapping ones included, by end position. */
    void match(CharSequence text, Match out) {
        int s = ROOT;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next;
            while ((next = step(s, c)) < 0 && s != ROOT) {
                s = fail[s];
            }
            s = next < 0 ? ROOT : next;
            for (int o = keyAt[s] >= 0 ? s : outputLink[s]; o >= 0; o = outputLink[o]) {
                int key = keyAt[o];
                out.found(i + 1 - keyLength[key], i + 1, key);
            }
        }
    }

    int states() {
        return keyAt.length;
    }
}
