package io.j8s.store.etcd;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.j8s.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * etcd's {@code Lease/LeaseLeases} RPC (the ids of all live leases), which jetcd 0.8 neither
 * wraps nor ships a generated stub for. Called on a gRPC channel of its own, to the same
 * endpoints, with the two tiny messages coded by hand:
 * {@code LeaseLeasesRequest {}} and
 * {@code LeaseLeasesResponse { ResponseHeader header = 1; repeated LeaseStatus leases = 2; }},
 * {@code LeaseStatus { int64 ID = 1; }}.
 */
final class LeaseList implements AutoCloseable {

    private static final MethodDescriptor<byte[], List<Long>> LEASE_LEASES = MethodDescriptor.<byte[], List<Long>>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("etcdserverpb.Lease/LeaseLeases")
            .setRequestMarshaller(new EmptyRequest())
            .setResponseMarshaller(new LeaseIds())
            .build();

    private final ManagedChannel channel;
    private final Duration timeout;

    /** @param target a gRPC target naming the etcd endpoints, as jetcd's ClientBuilder makes it */
    LeaseList(String target, Duration timeout) {
        this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        this.timeout = timeout;
    }

    List<Long> ids() {
        try {
            return ClientCalls.blockingUnaryCall(channel, LEASE_LEASES,
                    CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS),
                    new byte[0]);
        } catch (StatusRuntimeException e) {
            throw new StoreException("leases: " + e.getStatus(), e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    private static final class EmptyRequest implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            throw new UnsupportedOperationException("a client never parses its own request");
        }
    }

    private static final class LeaseIds implements MethodDescriptor.Marshaller<List<Long>> {
        private static final int LEASES = 2;
        private static final int ID = 1;

        @Override
        public InputStream stream(List<Long> value) {
            throw new UnsupportedOperationException("a client never sends a response");
        }

        @Override
        public List<Long> parse(InputStream stream) {
            try {
                CodedInputStream in = CodedInputStream.newInstance(stream);
                List<Long> ids = new ArrayList<>();
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    if (WireFormat.getTagFieldNumber(tag) == LEASES
                            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        for (int t = in.readTag(); t != 0; t = in.readTag()) {
                            if (WireFormat.getTagFieldNumber(t) == ID && WireFormat.getTagWireType(t) == WireFormat.WIRETYPE_VARINT) {
                                ids.add(in.readInt64());
                            } else {
                                in.skipField(t);
                            }
                        }
                        in.popLimit(limit);
                    } else {
                        in.skipField(tag);
                    }
                }
                return ids;
            } catch (IOException e) {
                throw new UncheckedIOException("malformed LeaseLeasesResponse", e);
            }
        }
    }
}
