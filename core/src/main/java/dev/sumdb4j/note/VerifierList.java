package dev.sumdb4j.note;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@link Verifiers} of a fixed list: duplicates (same name and key ID) make lookups ambiguous. */
final class VerifierList implements Verifiers {
  private record NameHash(String name, KeyId keyId) {}

  private final Map<NameHash, List<NoteVerifier>> byKey = new HashMap<>();

  VerifierList(Collection<? extends NoteVerifier> verifiers) {
    for (NoteVerifier v : verifiers) {
      byKey.computeIfAbsent(new NameHash(v.name(), v.keyId()), k -> new ArrayList<>()).add(v);
    }
  }

  @Override
  public NoteVerifier verifier(String name, KeyId keyId)
      throws UnknownVerifierException, AmbiguousVerifierException {
    List<NoteVerifier> list = byKey.get(new NameHash(name, keyId));
    if (list == null) {
      throw new UnknownVerifierException(name, keyId);
    }
    if (list.size() > 1) {
      throw new AmbiguousVerifierException(name, keyId);
    }
    return list.get(0);
  }

  @Override
  public String toString() {
    return "Verifiers" + byKey.keySet();
  }
}
