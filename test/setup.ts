// Real IndexedDB semantics in unit tests.
import 'fake-indexeddb/auto';
