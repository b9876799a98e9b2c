package com.shopwatch.policy;

/** One pack file as shipped to the job: its file name and YAML text (null text = delete). A Flink POJO. */
public class PolicyFile {
    public String name;
    public String text;

    public PolicyFile() {}

    public PolicyFile(String name, String text) {
        this.name = name;
        this.text = text;
    }
}
