//! A JSON value that keeps the order of object keys, so the fields of an
//! input row are passed through in the order they were written (the crate's
//! `serde_json` is built without `preserve_order`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value with ordered objects.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    /// A string many rows share (the lexicon's hash), written as a string.
    Shared(std::sync::Arc<str>),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A number, or `null` for a value JSON cannot hold (NaN, infinities).
    pub fn float(value: f64) -> Json {
        serde_json::Number::from_f64(value).map_or(Json::Null, Json::Number)
    }

    /// `value` rounded to 4 decimals (and without a negative zero).
    pub fn rounded(value: f64) -> Json {
        let rounded = (value * 10_000.0).round() / 10_000.0;
        Json::float(if rounded == 0.0 { 0.0 } else { rounded })
    }

    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) | Json::Shared(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The value as a CSV cell: strings as they are, `null` empty, anything
    /// else as JSON text.
    pub fn cell(&self) -> Cow<'_, str> {
        match self {
            Json::Null => Cow::Borrowed(""),
            Json::String(s) => Cow::Borrowed(s),
            Json::Shared(s) => Cow::Borrowed(s),
            Json::Bool(b) => Cow::Owned(b.to_string()),
            Json::Number(n) => Cow::Owned(n.to_string()),
            Json::Array(_) | Json::Object(_) => Cow::Owned(self.to_string()),
        }
    }
}

impl fmt::Display for Json {
    /// Compact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Json {
        Json::Number(n.into())
    }
}

impl From<Option<String>> for Json {
    fn from(s: Option<String>) -> Json {
        s.map_or(Json::Null, Json::String)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => n.serialize(serializer),
            Json::String(s) => serializer.serialize_str(s),
            Json::Shared(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        Json::deserialize(deserializer)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        Ok(Json::float(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut fields: Vec<(String, Json)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            // A repeated key keeps its first position and its last value,
            // as serde_json does for its own maps.
            match fields.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => fields.push((key, value)),
            }
        }
        Ok(Json::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn keeps_key_order() {
        let text = r#"{"b":1,"a":{"z":null,"y":[true,2.5,"x"]},"b":3}"#;
        let value: Json = serde_json::from_str(text).expect("valid JSON");
        assert_eq!(
            value.to_string(),
            r#"{"b":3,"a":{"z":null,"y":[true,2.5,"x"]}}"#
        );
    }

    #[test]
    fn rounds_scores() {
        assert_eq!(Json::rounded(0.707_106_77).to_string(), "0.7071");
        assert_eq!(Json::rounded(-0.000_01).to_string(), "0.0");
        assert_eq!(Json::rounded(f64::NAN), Json::Null);
    }
}
