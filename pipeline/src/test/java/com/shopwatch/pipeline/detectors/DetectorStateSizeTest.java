package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.StateSizes.ENTRY_OVERHEAD;
import static com.shopwatch.pipeline.testing.StateSizes.size;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.detect.ActivityWindow;
import com.shopwatch.detect.PriceSample;
import com.shopwatch.detect.RingMember;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

/**
 * The serialized size of each detector's state per unit (what RocksDB stores), with Flink's own
 * serializers, and the per-million-active-sellers estimate the README quotes. Prints the table;
 * asserts only generous bounds so that a state change that bloats it is noticed.
 */
class DetectorStateSizeTest {
    @Test
    void stateSizesPerMillionActiveSellers() throws Exception {
        String seller = "S-SG-01234";
        // Seller velocity: a typical seller (1-2 listings in the window) and a bursting one.
        ActivityWindow typical = new ActivityWindow();
        typical.add(0, 20_000, 1);
        typical.add(60_000, 20_000, 1);
        typical.remember("L-SG-00000001");
        typical.remember("L-SG-00000002");
        typical.windowMs = 600_000;
        ActivityWindow burst = new ActivityWindow();
        for (int i = 0; i < 40; i++) {
            burst.add(i * 20_000L, 20_000, 2);
            burst.remember("L-SG-000000" + i);
        }
        burst.windowMs = 600_000;
        int key = size(Types.STRING, "listing|" + seller);
        int velocityTypical = key + size(TypeInformation.of(ActivityWindow.class), typical) + ENTRY_OVERHEAD;
        int velocityBurst = key + size(TypeInformation.of(ActivityWindow.class), burst) + ENTRY_OVERHEAD;

        // Duplicate content: per image use, one seller entry and one member entry under the image key.
        RingMember m = new RingMember();
        m.itemId = "L-SG-00000001";
        m.accountId = seller;
        m.country = "SG";
        m.language = "en";
        m.eventId = "0b6f3c2e-6a55-4c53-9d3e-2f1f6d0c7a11";
        m.eventTime = 1_795_478_400_000L;
        m.titleFingerprint = "a1b2c3d4e5f6";
        int imageKey = size(Types.STRING, "9f86d081884c7d65");
        int ringPerImage = 2 * imageKey + size(Types.STRING, seller) + 8 + size(Types.STRING, m.itemId)
                + size(TypeInformation.of(RingMember.class), m) + 2 * ENTRY_OVERHEAD;

        // Price anomaly: one bottom-k price sample per bucket, six buckets per category x country.
        PriceSample sketch = PriceSample.empty();
        for (int i = 0; i < 100_000; i++) {
            sketch.add(10 + (i * 7919 % 1000), i);
        }
        int sketchBytes = sketch.toBytes().length;

        // Report storm: per distinct reporter of a reported video.
        int perReporter = size(Types.STRING, "U-SG-0123456") + 8 + ENTRY_OVERHEAD;

        // Emerging terms: per distinct term in an open window.
        int perTerm = size(Types.STRING, "1795478400000|glimmerpuff") + 8 + ENTRY_OVERHEAD;

        // Assumptions for a million active sellers: each creates listings within the windows
        // (velocity: every one; 1 % bursting), 1 listing per hour with 2.5 images (rings keep an
        // hour), 500 categories x 10 countries of prices, 10 countries x 20 000 terms x 2 open windows.
        double mb = 1024 * 1024;
        double velocity = (0.99 * velocityTypical + 0.01 * velocityBurst) * 1e6 / mb;
        double rings = ringPerImage * 2.5 * 1e6 / mb;
        double prices = 500 * 10 * 6 * (sketchBytes + 64) / mb;
        double terms = 10 * 20_000 * 2 * perTerm / mb;
        String table = String.format(Locale.ROOT, """
                | detector | unit | bytes per unit | per million active sellers |
                |---|---|---|---|
                | seller_velocity | active seller (typical / bursting) | %d / %d | %.0f MB |
                | duplicate_content | image use in the last hour (2.5 per listing) | %d | %.0f MB |
                | price_anomaly | category × country (6 bottom-k price samples) | %d per sample | %.0f MB (500 categories × 10 countries, independent of sellers) |
                | report_storm | distinct reporter of a video in the window | %d | ~%d MB per million reports in 30 min |
                | new_account_high_value | flagged listing of a new account | %d | negligible |
                | emerging_terms | distinct term per country and open window | %d | %.0f MB (10 countries × 20 000 terms × 2 windows, bounded) |
                """, velocityTypical, velocityBurst, velocity, ringPerImage, rings, sketchBytes, prices, perReporter,
                perReporter, size(Types.STRING, "L-SG-00000001") + 8 + ENTRY_OVERHEAD, perTerm, terms);
        System.out.println(table);
        assertThat(velocityTypical).isLessThan(300);
        assertThat(velocityBurst).isLessThan(1_200);
        assertThat(ringPerImage).isLessThan(400);
        assertThat(sketchBytes).isLessThanOrEqualTo(12 + PriceSample.K * 16);
    }
}
