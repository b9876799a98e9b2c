package com.shopwatch.pipeline;

import com.shopwatch.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The default policy packs: a directory when it exists (local runs, a mounted config), else the
 * copy of {@code config/policies} bundled in the jar (a cluster has no project checkout).
 */
public final class BundledPolicies {
    static final String RESOURCE_DIR = "shopwatch/policies/";

    private BundledPolicies() {}

    public static Map<String, String> load(String directory) {
        if (directory != null && Files.isDirectory(Paths.get(directory))) {
            return PolicyLoader.readDirectory(Paths.get(directory));
        }
        return fromClasspath();
    }

    static Map<String, String> fromClasspath() {
        URL url = BundledPolicies.class.getClassLoader().getResource(RESOURCE_DIR);
        if (url == null) {
            throw new IllegalStateException("no policy packs: neither a policy directory nor bundled packs ("
                    + RESOURCE_DIR + ") found");
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                Map<String, String> files = new TreeMap<>();
                JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    String name = e.getName();
                    if (name.startsWith(RESOURCE_DIR) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                        try (InputStream in = jar.getInputStream(e)) {
                            files.put(name.substring(RESOURCE_DIR.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
                return files;
            }
            return PolicyLoader.readDirectory(Path.of(url.toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
