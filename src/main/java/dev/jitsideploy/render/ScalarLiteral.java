package dev.jitsideploy.render;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** A scalar inventory value (string, boolean, whole or finite number) as a literal of JavaScript or Lua alike. */
final class ScalarLiteral {

    private ScalarLiteral() {
    }

    /** The literal, with strings written by {@code quote}; empty when {@code value} is not a scalar. */
    static Optional<String> of(Object value, UnaryOperator<String> quote) {
        if (value instanceof String text) {
            return Optional.of(quote.apply(text));
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return Optional.of(value.toString());
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw new IllegalArgumentException("not a finite number");
            }
            return Optional.of(number.toString());
        }
        return Optional.empty();
    }
}
