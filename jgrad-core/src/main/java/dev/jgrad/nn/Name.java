package dev.jgrad.nn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a discovered {@link Parameter}, {@link Buffer} or {@link Module} field the state-dict
 * name PyTorch uses when it is not a valid or conventional Java name.
 *
 * <pre>{@code
 * @Name("running_mean") public final Buffer runningMean = ...;
 * @Name("short") Sequential shortcut;   // "short" is a Java keyword
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Name {
    String value();
}
