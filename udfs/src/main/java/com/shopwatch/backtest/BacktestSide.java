package com.shopwatch.backtest;

import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.Escalation;
import com.shopwatch.review.ReviewTask;
import java.util.List;
import java.util.Map;

/**
 * What one run of the job over the history produced under one policy set: every flag after the
 * flood breaker (enforce and shadow), the review tasks and escalations, and the dead letters by
 * reason.
 *
 * @param policyVersion the policy set's version string (every pack with its version)
 */
public record BacktestSide(String policyVersion, List<ReviewFlag> flags, List<ReviewTask> tasks,
        List<Escalation> escalations, Map<String, Long> deadLettersByReason) {}
