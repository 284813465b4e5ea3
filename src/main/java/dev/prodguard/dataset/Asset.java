package dev.prodguard.dataset;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.bson.types.Decimal128;

/** An asset the demo exchange lists: its symbol, the decimal places its amounts carry, and a reference USD price. */
public enum Asset {
    BTC(8, "65000", "0.0005"),
    ETH(18, "3400", "0.004"),
    USDT(6, "1", "1"),
    USDC(6, "1", "1"),
    SOL(9, "150", "0.01"),
    XRP(6, "0.6", "0.25");

    private final int scale;
    private final BigDecimal usdPrice;
    private final BigDecimal withdrawalFee;

    Asset(int scale, String usdPrice, String withdrawalFee) {
        this.scale = scale;
        this.usdPrice = new BigDecimal(usdPrice);
        this.withdrawalFee = new BigDecimal(withdrawalFee).setScale(scale, RoundingMode.UNNECESSARY);
    }

    /** Decimal places of this asset's amounts (e.g. 8 for BTC). */
    public int scale() {
        return scale;
    }

    /** A reference price in USD, for sizing generated amounts. */
    public BigDecimal usdPrice() {
        return usdPrice;
    }

    /** The flat network fee charged on a withdrawal. */
    public BigDecimal withdrawalFee() {
        return withdrawalFee;
    }

    /** Whether this is a USD stablecoin (quote currency of spot trades). */
    public boolean stable() {
        return this == USDT || this == USDC;
    }

    /** Rounds an amount down to this asset's decimal places. */
    public BigDecimal round(BigDecimal amount) {
        return amount.setScale(scale, RoundingMode.DOWN);
    }

    /** The amount as Decimal128 at this asset's scale (exact). */
    public Decimal128 decimal(BigDecimal amount) {
        return new Decimal128(amount.setScale(scale, RoundingMode.UNNECESSARY));
    }
}
