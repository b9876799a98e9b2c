package com.shopwatch.model;

/**
 * Where a raw record came from, so a dead letter can be traced back to its input: a Kafka
 * topic/partition/offset, a file and line, or a generator index. A Flink POJO.
 */
public class RecordOrigin {
    /** {@code kafka}, {@code file} or {@code generator}. */
    public String kind;
    public String topic;
    public Integer partition;
    public Long offset;
    public String file;
    public Long line;
    /** Generator index, for synthetic traffic. */
    public Long index;

    public RecordOrigin() {}

    public static RecordOrigin kafka(String topic, int partition, long offset) {
        RecordOrigin o = new RecordOrigin();
        o.kind = "kafka";
        o.topic = topic;
        o.partition = partition;
        o.offset = offset;
        return o;
    }

    public static RecordOrigin file(String file, long line) {
        RecordOrigin o = new RecordOrigin();
        o.kind = "file";
        o.file = file;
        o.line = line;
        return o;
    }

    public static RecordOrigin generator(long index) {
        RecordOrigin o = new RecordOrigin();
        o.kind = "generator";
        o.index = index;
        return o;
    }

    @Override
    public String toString() {
        switch (kind == null ? "" : kind) {
            case "kafka":
                return topic + "-" + partition + "@" + offset;
            case "file":
                return file + ":" + line;
            case "generator":
                return "generator#" + index;
            default:
                return "unknown";
        }
    }
}
