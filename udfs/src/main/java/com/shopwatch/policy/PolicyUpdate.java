package com.shopwatch.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change to the job's policy packs, broadcast to every evaluator: one pack version from the
 * policy topic, or a full snapshot of a policy directory (which replaces all packs). A Flink POJO.
 */
public class PolicyUpdate {
    public PolicyFile[] files;
    /** True: {@link #files} is the complete set; false: they are added/replaced/deleted. */
    public boolean replaceAll;
    /** Where the update came from, e.g. {@code moderation.policies-0@12} or a directory. */
    public String origin;
    /** Set when the update could not be read at all (e.g. a missing directory); it is rejected. */
    public String error;

    public PolicyUpdate() {}

    public static PolicyUpdate unreadable(String error, String origin) {
        PolicyUpdate u = new PolicyUpdate();
        u.files = new PolicyFile[0];
        u.error = error;
        u.origin = origin;
        return u;
    }

    /**
     * A pack version refused before it was read (e.g. unsigned or badly signed): its text is
     * dropped, so only the file name travels; it is rejected with {@code error}.
     */
    public static PolicyUpdate refused(String name, String error, String origin) {
        PolicyUpdate u = new PolicyUpdate();
        u.files = new PolicyFile[] {new PolicyFile(name, null)};
        u.error = error;
        u.origin = origin;
        return u;
    }

    public static PolicyUpdate pack(String name, String text, String origin) {
        PolicyUpdate u = new PolicyUpdate();
        u.files = new PolicyFile[] {new PolicyFile(name, text)};
        u.origin = origin;
        return u;
    }

    public static PolicyUpdate snapshot(Map<String, String> files, String origin) {
        PolicyUpdate u = new PolicyUpdate();
        u.files = files.entrySet().stream().map(e -> new PolicyFile(e.getKey(), e.getValue())).toArray(PolicyFile[]::new);
        u.replaceAll = true;
        u.origin = origin;
        return u;
    }

    /** The pack set after applying this update to {@code current}. */
    public Map<String, String> applyTo(Map<String, String> current) {
        Map<String, String> next = replaceAll ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
        for (PolicyFile f : files) {
            if (f.text == null) {
                next.remove(f.name);
            } else {
                next.put(f.name, f.text);
            }
        }
        return next;
    }
}
