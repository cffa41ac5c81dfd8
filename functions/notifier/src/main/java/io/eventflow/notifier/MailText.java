package io.eventflow.notifier;

import java.util.Optional;

/**
 * Whether text can go into an email as it is: a subject is one header line, so no line break of any kind may reach
 * it (CR and LF would start a new header; NEL, U+2028 and U+2029 break the line in clients that read Unicode), and
 * neither part may hold what UTF-8 cannot encode (a lone surrogate) or what is no character at all (controls,
 * noncharacters such as U+FFFE): SES would send them replaced or refuse the message.
 */
final class MailText {

    private MailText() {}

    /** The first code point a subject line cannot carry, or empty. */
    static Optional<Integer> refusedInHeader(String text) {
        return first(text, false);
    }

    /** The first code point a text body cannot carry (line feeds and tabs it can), or empty. */
    static Optional<Integer> refusedInBody(String text) {
        return first(text, true);
    }

    private static Optional<Integer> first(String text, boolean body) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!allowed(codePoint, body)) {
                return Optional.of(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    private static boolean allowed(int codePoint, boolean body) {
        if (body && (codePoint == '\n' || codePoint == '\t')) {
            return true;
        }
        int type = Character.getType(codePoint);
        // codePointAt yields a surrogate only when it stands alone.
        return type != Character.CONTROL && type != Character.SURROGATE && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && !noncharacter(codePoint);
    }

    /** U+FDD0 to U+FDEF and the last two code points of every plane, which Unicode reserves as never characters. */
    private static boolean noncharacter(int codePoint) {
        return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
    }
}
