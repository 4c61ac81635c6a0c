package io.j8s.kubelet.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.defaults.Defaults;
import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.kubelet.util.Timers;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static pods from manifest files (upstream's file source, {@code --pod-manifest-path}): each
 * {@code .yaml}, {@code .yml} or {@code .json} file in the directory is a pod this node runs
 * without the API. It is named {@code <name>-<node>}, bound to this node, tolerates every NoExecute
 * taint, and gets a uid from its content, so an edited file is a new pod. The directory is read
 * again on every change (inotify, through the JDK's WatchService) and every
 * {@code --file-check-frequency}.
 */
public final class StaticPods implements AutoCloseable {

    public static final String CONFIG_SOURCE = "kubernetes.io/config.source";
    public static final String CONFIG_HASH = "kubernetes.io/config.hash";
    public static final String CONFIG_SEEN = "kubernetes.io/config.seen";
    public static final String CONFIG_MIRROR = "kubernetes.io/config.mirror";

    private static final Logger log = LoggerFactory.getLogger(StaticPods.class);

    /** A change to the set of static pods. */
    public interface Listener {
        void added(Pod pod);

        void removed(Pod pod);
    }

    private final Path dir;
    private final String nodeName;
    private final Timers timers;
    private final Duration checkFrequency;
    private final Listener listener;
    private final Defaults defaults = new Defaults(DefaultsConfig.UPSTREAM);
    private final Map<String, Pod> pods = new HashMap<>();
    /** The pod each manifest file gave at the last scan, kept while the file is being rewritten. */
    private final Map<Path, Pod> byFile = new HashMap<>();
    private volatile boolean closed;
    private WatchService watcher;
    private Timers.Cancellable timer;

    public StaticPods(Path dir, String nodeName, Timers timers, Duration checkFrequency, Listener listener) {
        this.dir = dir;
        this.nodeName = nodeName;
        this.timers = timers;
        this.checkFrequency = checkFrequency;
        this.listener = listener;
    }

    public StaticPods start() throws IOException {
        Files.createDirectories(dir);
        try {
            watcher = dir.getFileSystem().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            Thread.ofVirtual().name("static-pods-watch").start(this::watch);
        } catch (IOException | UnsupportedOperationException e) {
            log.info("Watching {} for changes is not possible ({}); reading it every {}", dir, e.getMessage(), checkFrequency);
        }
        scanAndReschedule();
        return this;
    }

    private void watch() {
        try {
            while (!closed) {
                var key = watcher.take();
                key.pollEvents();
                key.reset();
                scan();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void scanAndReschedule() {
        if (closed) return;
        scan();
        synchronized (this) {
            if (!closed) timer = timers.schedule(checkFrequency, this::scanAndReschedule);
        }
    }

    /** Reads the directory and tells the listener what came and went. */
    public synchronized void scan() {
        if (closed) return;
        Map<String, Pod> now = new HashMap<>();
        Map<Path, Pod> nowByFile = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") || !(n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))) continue;
                Pod pod;
                try {
                    // A file being written is seen empty first; its next change brings the content.
                    pod = Files.size(f) == 0 ? null : read(f);
                } catch (IOException | RuntimeException e) {
                    log.warn("Could not read static pod manifest {}: {}", f, e.getMessage());
                    pod = null;
                }
                // Unreadable for now: what the file gave before stays (a rewrite is not a removal).
                if (pod == null) pod = byFile.get(f);
                if (pod == null) continue;
                now.put(pod.getMetadata().getUid(), pod);
                nowByFile.put(f, pod);
            }
        } catch (IOException e) {
            log.warn("Could not read the static pod directory {}: {}", dir, e.getMessage());
            return;
        }
        List<Pod> gone = new ArrayList<>();
        for (var e : pods.entrySet()) if (!now.containsKey(e.getKey())) gone.add(e.getValue());
        List<Pod> came = new ArrayList<>();
        for (var e : now.entrySet()) if (!pods.containsKey(e.getKey())) came.add(e.getValue());
        pods.clear();
        pods.putAll(now);
        byFile.clear();
        byFile.putAll(nowByFile);
        for (Pod p : gone) {
            log.info("Static pod {}/{} removed from {}", p.getMetadata().getNamespace(), p.getMetadata().getName(), dir);
            listener.removed(p);
        }
        for (Pod p : came) {
            log.info("Static pod {}/{} found in {}", p.getMetadata().getNamespace(), p.getMetadata().getName(), dir);
            listener.added(p);
        }
    }

    public synchronized List<Pod> pods() {
        return List.copyOf(pods.values());
    }

    /** A manifest as the pod this node runs: upstream's {@code applyDefaults} for file pods. */
    Pod read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        JsonNode tree = Json.YAML.readTree(content);
        if (!(tree instanceof ObjectNode obj) || !"Pod".equals(obj.path("kind").asText())) {
            throw new IOException("not a Pod manifest");
        }
        ObjectNode meta = obj.withObjectProperty("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty()) throw new IOException("the pod has no name");
        if (meta.path("namespace").asText("").isEmpty()) meta.put("namespace", "default");
        String uid = hash(nodeName + "\0" + new String(content, java.nio.charset.StandardCharsets.UTF_8));
        meta.put("name", name + "-" + nodeName);
        meta.put("uid", uid);
        ObjectNode annotations = meta.withObjectProperty("annotations");
        annotations.put(CONFIG_HASH, uid);
        annotations.put(CONFIG_SOURCE, "file");
        annotations.put(CONFIG_SEEN, java.time.format.DateTimeFormatter.ISO_INSTANT.format(timers.clock().instant()));
        obj.withObjectProperty("spec").put("nodeName", nodeName);
        defaults.apply(ResourceRegistry.builtin().byPath("", "v1", "pods").orElseThrow(), obj);
        Pod pod = Json.convert(obj, Pod.class);
        Toleration all = new Toleration();
        all.setOperator("Exists");
        all.setEffect("NoExecute");
        pod.getSpec().getTolerations().add(all);
        return pod;
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isMirror(Pod pod) {
        var a = pod.getMetadata().getAnnotations();
        return a != null && a.containsKey(CONFIG_MIRROR);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) timer.cancel();
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
