//! Enums the server stores as their snake_case text: the same column type (TEXT) on SQLite and
//! PostgreSQL, where sqlx's derive would name a PostgreSQL enum type of its own.

/// `Type`, `Encode` and `Decode` as text for an enum with `as_str(self) -> &'static str` and a
/// `parse(&str) -> Option<Self>`, for every database whose `str` is text.
macro_rules! stored_as_text {
    ($enum:ty) => {
        impl<DB: sqlx::Database> sqlx::Type<DB> for $enum
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $enum
        where
            &'q str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'q str as sqlx::Encode<'q, DB>>::encode_by_ref(&self.as_str(), buf)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $enum
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                <$enum>::parse(text)
                    .ok_or_else(|| format!("{text:?} is not a stored {}", stringify!($enum)).into())
            }
        }
    };
}

stored_as_text!(super::WorkflowKind);
stored_as_text!(super::WorkflowState);
stored_as_text!(super::Signal);
stored_as_text!(super::Status);
