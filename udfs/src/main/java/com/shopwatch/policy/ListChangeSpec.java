package com.shopwatch.policy;

import java.util.List;

/** Terms a descendant pack adds to or removes from an inherited list. */
public final class ListChangeSpec {
    public String list;
    public List<String> add = List.of();
    public List<String> remove = List.of();
    public String file;
    public int line;
}
