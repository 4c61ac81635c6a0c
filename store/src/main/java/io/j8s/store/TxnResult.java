package io.j8s.store;

import java.util.List;

/**
 * @param succeeded whether the compares held (so the success ops ran)
 * @param revision the store's revision after the transaction: its own if it wrote, else the
 *     current one
 * @param results one per op of the branch that ran
 */
public record TxnResult(boolean succeeded, long revision, List<OpResult> results) {
    public TxnResult {
        results = List.copyOf(results);
    }
}
