package io.eventflow.notifier;

import io.eventflow.internal.PlatformLimits;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether SES will take a recipient address, checked before anything is claimed or sent. Stricter than the schemas'
 * {@code format: email}, which admits what SES refuses: a non-ASCII local part (SES does not support SMTPUTF8,
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Destination.html), a non-ASCII domain (SES wants it in
 * Punycode, same page), a dotless domain or an address literal (SES takes {@code UserName@[SubDomain.]Domain.TopLevelDomain},
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html), and lone surrogates. Quoted local parts
 * are refused too: that form is what SES documents. Lengths are RFC 5321's ({@link PlatformLimits}).
 */
final class SesAddress {

    /** RFC 5322's dot-atom: atext runs joined by single dots. */
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** A host name's label: letters, digits and inner hyphens (Punycode labels are of this form too). */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");

    private SesAddress() {}

    /** What SES would refuse in the address, or empty when it takes it. */
    static Optional<String> problem(String address) {
        if (address == null || address.isEmpty()) {
            return Optional.of("no address");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return Optional.of(String.format("holds U+%04X at %d: SES takes printable 7-bit ASCII addresses only"
                        + " (no SMTPUTF8; a non-ASCII domain must be sent in Punycode)", (int) c, i));
            }
        }
        if (address.length() > PlatformLimits.EMAIL_ADDRESS_OCTETS) {
            return Optional.of(tooLong("the address", address.length(), PlatformLimits.EMAIL_ADDRESS_OCTETS));
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return Optional.of("has no '@': SES takes UserName@[SubDomain.]Domain.TopLevelDomain");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > PlatformLimits.EMAIL_LOCAL_PART_OCTETS) {
            return Optional.of(tooLong("its local part", local.length(), PlatformLimits.EMAIL_LOCAL_PART_OCTETS));
        }
        if (!DOT_ATOM.matcher(local).matches()) {
            return Optional.of("local part '" + local + "' is not a dot-atom (letters, digits, !#$%&'*+/=?^_`{|}~- and"
                    + " single inner dots): SES takes UserName@[SubDomain.]Domain.TopLevelDomain");
        }
        if (domain.length() > PlatformLimits.EMAIL_DOMAIN_OCTETS) {
            return Optional.of(tooLong("its domain", domain.length(), PlatformLimits.EMAIL_DOMAIN_OCTETS));
        }
        return domainProblem(domain);
    }

    private static Optional<String> domainProblem(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("domain '" + domain + "' has no top-level domain: SES takes UserName@[SubDomain.]Domain.TopLevelDomain");
        }
        for (String label : labels) {
            if (label.length() > PlatformLimits.DNS_LABEL_OCTETS) {
                return Optional.of(tooLong("domain label '" + label + "'", label.length(), PlatformLimits.DNS_LABEL_OCTETS));
            }
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("domain '" + domain + "' has the label '" + label + "', not a host name's"
                        + " (letters, digits, inner hyphens; no address literals)");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.of("domain '" + domain + "' ends in a numeric label: an IP address, not a domain");
        }
        return Optional.empty();
    }

    private static String tooLong(String what, int octets, int limit) {
        return what + " is " + octets + " octets; RFC 5321 allows " + limit;
    }
}
