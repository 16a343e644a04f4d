package com.acme.orders.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start of an app records its class-data archive at exit, without a warning per unarchivable class. */
class ClassDataOptionsTest {

    @TempDir
    Path dir;

    @Test
    void recording_the_archive_writes_it_without_the_jvms_cds_warnings() throws Exception {
        Path jar = appJar();
        Path archive = dir.resolve("cds").resolve("app.jsa");

        List<String> options = LocalRunner.classDataOptions(archive, jar);
        String output = run(options);

        assertThat(options).anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(archive).exists();
        assertThat(output).doesNotContain("[cds");
    }

    @Test
    void without_the_log_setting_the_same_recording_warns_which_is_the_noise_removed() throws Exception {
        Path jar = appJar();
        Path archive = dir.resolve("cds").resolve("app.jsa");

        List<String> options = LocalRunner.classDataOptions(archive, jar).stream()
                .filter(option -> !option.startsWith("-Xlog:")).toList();
        String output = run(options);

        assertThat(output).contains("[warning][cds]");
    }

    @Test
    void a_later_start_maps_the_archive_recorded_after_the_jar() throws Exception {
        Path jar = appJar();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        Path archive = dir.resolve("cds").resolve("app.jsa");
        run(LocalRunner.classDataOptions(archive, jar));

        List<String> options = LocalRunner.classDataOptions(archive, jar);

        assertThat(options).containsExactly("-XX:SharedArchiveFile=" + archive);
    }

    /** A jar holding {@link ReflectiveMain} (class-data sharing archives classes from jars only). */
    private Path appJar() throws IOException {
        Path jar = dir.resolve("app.jar");
        String entry = ReflectiveMain.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             InputStream in = ReflectiveMain.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private String run(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", dir.resolve("app.jar").toString(), ReflectiveMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
