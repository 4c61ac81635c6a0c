/**
 * The etcd backend: the {@link io.j8s.store.Store} contract served by a real etcd v3 cluster
 * through jetcd, for when one machine's embedded store is outgrown (HA, or sharing an existing
 * etcd). The entry point is {@link io.j8s.store.etcd.EtcdStore#connect}.
 *
 * <p>Where it differs from the embedded engine, and why:
 * <ul>
 *   <li><b>Compact revision.</b> etcd never states it; it is found by reading and, if needed, a
 *       watch that etcd cancels with the number ({@code CompactRevisionProbe}). A store compacted
 *       at exactly revision 1 reports 0, since both read the same. Finding it after another
 *       client compacted costs up to ~100 ms (etcd's watcher sync interval).
 *   <li><b>Watch after a broken connection.</b> A watch whose stream fails ends with a
 *       {@link io.j8s.store.StoreException}; the caller resumes from the revision after the last
 *       it got. (jetcd's own resume can skip events that were in flight.)
 *   <li><b>Lease compares</b> ({@code Compare.Target.LEASE}), which jetcd 0.8 cannot send, run as
 *       a guarded nested txn ({@code TxnRunner}): same result, one extra read per key.
 *   <li><b>Lease TTLs</b> are etcd's: a TTL below etcd's minimum (1.5 election timeouts) is raised
 *       to it, and a lease's keys are deleted when etcd's leader notices it expired.
 *   <li><b>Snapshots</b> are etcd's own format, restored with {@code etcdctl snapshot restore},
 *       not by the embedded engine.
 *   <li><b>Request size.</b> {@link io.j8s.store.Requests} allows 1.5 MiB of keys and values,
 *       which is etcd's default {@code --max-request-bytes} for the whole encoded request; run
 *       etcd with a little more (e.g. 2 MiB) so that limit is the one callers meet.
 * </ul>
 */
package io.j8s.store.etcd;
