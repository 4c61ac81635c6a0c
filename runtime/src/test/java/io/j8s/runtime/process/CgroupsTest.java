package io.j8s.runtime.process;

import io.j8s.runtime.LinuxResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits and OOM accounting on fake cgroup directories, for the version this machine lacks too. */
class CgroupsTest {
    @TempDir
    Path dir;

    private static String read(Path f) throws Exception {
        return Files.readString(f).trim();
    }

    @Test
    void v2LimitsGoToMemoryMaxCpuWeightAndCpuMax() throws Exception {
        var cgroup = new Cgroups.Cgroup(Cgroups.Version.V2, "/j8s/pod1/c1", List.of(dir));

        cgroup.apply(new LinuxResources(100_000, 50_000, 1024, 64L << 20));

        assertThat(read(dir.resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
        assertThat(read(dir.resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(read(dir.resolve("cpu.weight"))).isEqualTo("39"); // 1024 shares, as runc converts them
        assertThat(read(dir.resolve("cpu.max"))).isEqualTo("50000 100000");
    }

    @Test
    void v1LimitsGoToEachHierarchysFiles() throws Exception {
        Path memory = Files.createDirectories(dir.resolve("memory"));
        Path cpu = Files.createDirectories(dir.resolve("cpu"));
        for (String f : List.of("memory.limit_in_bytes")) {
            Files.writeString(memory.resolve(f), "max");
        }
        for (String f : List.of("cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us")) {
            Files.writeString(cpu.resolve(f), "");
        }
        var cgroup = new Cgroups.Cgroup(Cgroups.Version.V1, "/j8s/pod1/c1", List.of(memory, cpu));

        cgroup.apply(new LinuxResources(0, 20_000, 256, 32L << 20));

        assertThat(read(memory.resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(32L << 20));
        assertThat(read(cpu.resolve("cpu.shares"))).isEqualTo("256");
        assertThat(read(cpu.resolve("cpu.cfs_quota_us"))).isEqualTo("20000");
        assertThat(read(cpu.resolve("cpu.cfs_period_us"))).isEmpty();
    }

    @Test
    void anOomKillIsReadFromTheKernelsCounters() throws Exception {
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        Files.writeString(dir.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");

        assertThat(new Cgroups.Cgroup(Cgroups.Version.V2, "/x", List.of(dir)).oomKilled()).isTrue();
        assertThat(new Cgroups.Cgroup(Cgroups.Version.V1, "/x", List.of(dir)).oomKilled()).isFalse();
    }

    @Test
    void withoutHierarchiesNothingIsTracked() {
        Cgroups none = Cgroups.none();

        assertThat(none.version()).isEqualTo(Cgroups.Version.NONE);
        assertThat(none.create("/j8s/pod1", LinuxResources.memory(1 << 20)).procsFiles()).isEmpty();
        assertThat(none.at("/j8s/pod1").pids()).isEmpty();
    }
}
