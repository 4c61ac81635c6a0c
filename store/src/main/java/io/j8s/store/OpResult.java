package io.j8s.store;

import java.util.List;

/** The result of one {@link Op}, in the order of the ops that ran. */
public sealed interface OpResult permits OpResult.PutResult, OpResult.DeleteResult, RangeResult {

    /** @param prevKv the value before the put, when asked for and the key existed; else null */
    record PutResult(KeyValue prevKv) implements OpResult {}

    /** @param prevKvs the deleted keys' last values, when asked for */
    record DeleteResult(long deleted, List<KeyValue> prevKvs) implements OpResult {
        public DeleteResult {
            prevKvs = List.copyOf(prevKvs);
        }
    }
}
