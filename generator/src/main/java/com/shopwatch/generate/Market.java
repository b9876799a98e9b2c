package com.shopwatch.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/** The APAC markets the generator produces traffic for, with currency, languages and local places. */
enum Market {
  SG("SGD", 1.35, 8, new String[] {"en", "zh"}, new double[] {0.72, 0.28},
      new String[] {"Singapore", "Jurong East", "Tampines", "Woodlands"}, new String[] {"新加坡", "裕廊东", "淡滨尼"}),
  MY("MYR", 4.45, 10, new String[] {"ms", "en"}, new double[] {0.6, 0.4},
      new String[] {"Kuala Lumpur", "Johor Bahru", "Pulau Pinang", "Shah Alam"}, null),
  ID("IDR", 16_200, 18, new String[] {"id"}, new double[] {1.0},
      new String[] {"Jakarta", "Surabaya", "Bandung", "Medan"}, null),
  TH("THB", 34.5, 12, new String[] {"th"}, new double[] {1.0},
      new String[] {"กรุงเทพฯ", "เชียงใหม่", "ขอนแก่น", "ชลบุรี"}, null),
  VN("VND", 25_300, 12, new String[] {"vi"}, new double[] {1.0},
      new String[] {"TP.HCM", "Hà Nội", "Đà Nẵng", "Cần Thơ"}, null),
  PH("PHP", 57.5, 10, new String[] {"fil", "en"}, new double[] {0.55, 0.45},
      new String[] {"Manila", "Quezon City", "Cebu", "Davao"}, null),
  JP("JPY", 152, 9, new String[] {"ja"}, new double[] {1.0},
      new String[] {"東京", "大阪", "福岡", "札幌"}, null),
  KR("KRW", 1_390, 8, new String[] {"ko"}, new double[] {1.0},
      new String[] {"서울", "부산", "인천", "대구"}, null),
  TW("TWD", 32.2, 8, new String[] {"zh-TW"}, new double[] {1.0},
      new String[] {"台北", "台中", "高雄", "新竹"}, null),
  AU("AUD", 1.53, 5, new String[] {"en"}, new double[] {1.0},
      new String[] {"Sydney", "Melbourne", "Brisbane", "Perth"}, null);

  private static final Market[] VALUES = values();
  private static final int TOTAL_WEIGHT;

  static {
    int t = 0;
    for (Market m : VALUES) {
      t += m.trafficWeight;
    }
    TOTAL_WEIGHT = t;
  }

  final String currency;
  final double perUsd;
  final int trafficWeight;
  final String[] languages;
  final double[] languageWeights;
  final String[] cities;
  final String[] zhCities;

  Market(String currency, double perUsd, int trafficWeight, String[] languages, double[] languageWeights,
      String[] cities, String[] zhCities) {
    this.currency = currency;
    this.perUsd = perUsd;
    this.trafficWeight = trafficWeight;
    this.languages = languages;
    this.languageWeights = languageWeights;
    this.cities = cities;
    this.zhCities = zhCities;
  }

  static Market pick(SplittableRandom rnd) {
    int r = rnd.nextInt(TOTAL_WEIGHT);
    for (Market m : VALUES) {
      r -= m.trafficWeight;
      if (r < 0) {
        return m;
      }
    }
    return VALUES[VALUES.length - 1];
  }

  String pickLanguage(SplittableRandom rnd) {
    double r = rnd.nextDouble();
    for (int i = 0; i < languages.length; i++) {
      r -= languageWeights[i];
      if (r < 0) {
        return languages[i];
      }
    }
    return languages[languages.length - 1];
  }

  String pickCity(String language, SplittableRandom rnd) {
    String[] c = "zh".equals(language) && zhCities != null ? zhCities : cities;
    return c[rnd.nextInt(c.length)];
  }

  /**
   * Converts a USD reference price to a realistic local price: integer amounts for IDR/VND/JPY/KRW/THB/TWD with the
   * usual retail endings (e.g. IDR 159.900, JPY 1,980, KRW 29,900), two decimals for SGD/MYR/AUD/PHP.
   */
  BigDecimal localPrice(double usd, SplittableRandom rnd) {
    double x = Math.max(usd, 0.05) * perUsd;
    switch (currency) {
      case "IDR": {
        long v = Math.max(1_000, Math.round(x / 1_000.0) * 1_000);
        if (rnd.nextBoolean()) {
          v -= 100;
        }
        return BigDecimal.valueOf(v);
      }
      case "VND": {
        long v = Math.max(1_000, Math.round(x / 1_000.0) * 1_000);
        return BigDecimal.valueOf(v);
      }
      case "KRW": {
        long v = Math.max(1_000, Math.round(x / 1_000.0) * 1_000);
        if (rnd.nextBoolean()) {
          v -= 100;
        }
        return BigDecimal.valueOf(v);
      }
      case "JPY": {
        long v = Math.max(100, Math.round(x / 100.0) * 100);
        if (rnd.nextBoolean()) {
          v -= 20;
        }
        return BigDecimal.valueOf(v);
      }
      case "THB":
      case "TWD": {
        long v = Math.max(10, Math.round(x / 10.0) * 10);
        if (rnd.nextInt(3) > 0) {
          v -= 1;
        }
        return BigDecimal.valueOf(v);
      }
      case "PHP": {
        long v = Math.max(10, Math.round(x / 10.0) * 10);
        if (rnd.nextInt(3) > 0) {
          v -= 1;
        }
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.UNNECESSARY);
      }
      default: {
        // SGD, MYR, AUD
        long whole = Math.max(1, (long) Math.floor(x));
        String[] cents = {"0.90", "0.99", "0.00", "0.50", "0.95"};
        return BigDecimal.valueOf(whole).add(new BigDecimal(cents[rnd.nextInt(cents.length)]));
      }
    }
  }

  /** True if the currency has no minor unit in retail use (amounts are emitted as integers). */
  boolean integerPrices() {
    return !(currency.equals("SGD") || currency.equals("MYR") || currency.equals("AUD") || currency.equals("PHP"));
  }
}
