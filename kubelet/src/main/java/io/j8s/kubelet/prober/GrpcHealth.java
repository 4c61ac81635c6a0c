package io.j8s.kubelet.prober;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The grpc probe (upstream's {@code probe/grpc}): {@code grpc.health.v1.Health/Check} over plain
 * HTTP/2. Its two one-field messages are encoded here by hand rather than pulling in generated
 * code: the request's field 1 is the service name, the response's field 1 the serving status.
 */
final class GrpcHealth {

    private GrpcHealth() {}

    private static final String[] STATUS = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final MethodDescriptor<byte[], byte[]> CHECK = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("grpc.health.v1.Health/Check")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    static ProbeOutcome check(String host, int port, String service, Duration timeout) {
        String target = host + ":" + port;
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().userAgent("kube-probe/1.32").build();
        try {
            byte[] response = ClientCalls.blockingUnaryCall(channel, CHECK,
                    CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), request(service));
            int status = servingStatus(response);
            if (status == 1) return ProbeOutcome.success("service healthy");
            return ProbeOutcome.failure("service unhealthy (responded with \"" + (status < STATUS.length ? STATUS[status] : status) + "\")");
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNIMPLEMENTED) {
                return ProbeOutcome.failure("this server does not implement the grpc health protocol (grpc.health.v1.Health): "
                        + e.getStatus().getDescription());
            }
            if (code == Status.Code.DEADLINE_EXCEEDED) {
                return ProbeOutcome.failure("timeout: health rpc did not complete within " + timeout.toSeconds() + "s");
            }
            if (code == Status.Code.UNAVAILABLE) {
                return ProbeOutcome.failure("timeout: failed to connect service \"" + target + "\" within " + timeout.toSeconds() + "s: "
                        + e.getStatus().getDescription());
            }
            return ProbeOutcome.failure("rpc error: code = " + code + " desc = " + e.getStatus().getDescription());
        } finally {
            channel.shutdownNow();
        }
    }

    static byte[] request(String service) {
        if (service == null || service.isEmpty()) return new byte[0];
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x0a);
        writeVarint(out, name.length);
        out.writeBytes(name);
        return out.toByteArray();
    }

    /** Field 1 (varint) of a HealthCheckResponse; 0 (UNKNOWN) when absent. */
    static int servingStatus(byte[] msg) {
        int i = 0;
        while (i < msg.length) {
            int tag = msg[i++] & 0xff;
            int field = tag >>> 3;
            int wire = tag & 7;
            long v = 0;
            if (wire == 0) {
                int shift = 0;
                while (i < msg.length) {
                    int b = msg[i++] & 0xff;
                    v |= (long) (b & 0x7f) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0) break;
                }
                if (field == 1) return (int) v;
            } else if (wire == 2) {
                int len = 0;
                int shift = 0;
                while (i < msg.length) {
                    int b = msg[i++] & 0xff;
                    len |= (b & 0x7f) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0) break;
                }
                i += len;
            } else {
                return 0;
            }
        }
        return 0;
    }

    private static void writeVarint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
